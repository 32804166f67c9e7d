import type { ValidationReport, Violation } from './types.js';

/** A validation report for people: one line per violation, with example rows. */
export function formatValidationReport(report: ValidationReport): string {
  const where = report.file ?? 'data';
  const head = `${where}: ${report.rows} rows, ${report.columns} columns — ${report.errors} error(s), ${report.warnings} warning(s)`;
  const lines = [head];
  for (const v of report.violations) lines.push(renderViolation(v));
  if (report.violations.length === 0) lines.push('  ✓ every check passed');
  return lines.join('\n');
}

function renderViolation(v: Violation): string {
  const tag = v.severity === 'error' ? '✗ error  ' : '! warning';
  const column = v.column === null ? '(dataset)' : v.column;
  const examples = v.examples.length
    ? ` — e.g. ${v.examples.map((e) => (e.value === null ? `row ${e.row}` : `row ${e.row}: ${JSON.stringify(e.value)}`)).join(', ')}`
    : '';
  return `  ${tag} ${column} [${v.rule}] ${v.message}${examples}`;
}
