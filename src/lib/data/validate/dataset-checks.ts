import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import { suggest } from '../../config/suggest.js';
import type { InputSchema } from '../../contracts.js';
import { coerceCategory, coerceNumber } from '../coerce.js';
import { duplicateRows } from '../duplicates.js';
import { columnValues } from '../table-utils.js';
import { ExampleCollector, type Violation } from './types.js';

type Checks = MlxConfig['data']['checks'];

/** Dataset rules: enough rows, the target present and usable, duplicates (not looked for in a batch), class balance. */
export function checkDataset(
  table: ColumnTable,
  schema: InputSchema,
  checks: Checks,
  na: ReadonlySet<string>,
  requireTarget: boolean,
  batch = false,
): Violation[] {
  const out: Violation[] = [];
  const rows = table.numRows();
  // Nothing to train on, predict or evaluate: a header-only file is never valid, whatever it is for.
  if (rows === 0) out.push(dataset('empty', 'error', 0, 'the file has no data rows (only a header?)'));
  // A batch to predict may be small; training data must not be.
  else if (requireTarget && rows < checks.min_rows) {
    out.push(dataset('min_rows', 'error', 0, `${rows} rows, fewer than data.checks.min_rows ${checks.min_rows}`));
  }
  const target = schema.target.name;
  const hasTarget = target !== '' && table.columnNames().includes(target);
  if (requireTarget && !hasTarget) {
    out.push({
      column: target || null,
      rule: 'missing_column',
      severity: 'error',
      count: 0,
      message: target
        ? `the target column '${target}' is not in the file.${columnHint(target, table.columnNames())}`
        : 'no target column set (data.target)',
      examples: [],
    });
  }
  if (hasTarget) out.push(...checkTarget(columnValues(table, target), schema, checks, na));
  if (!batch && checks.duplicates !== 'ignore' && rows > 0) {
    const dups = duplicateRows(table);
    if (dups.length > 0) {
      const found = new ExampleCollector();
      for (const i of dups) found.add(i, null);
      out.push({
        column: null,
        rule: 'duplicates',
        severity: checks.duplicates === 'error' ? 'error' : 'warning',
        count: found.count,
        message: `${found.count} row(s) repeat an earlier row exactly (data.dedupe: true removes them)`,
        examples: found.examples,
      });
    }
  }
  return out;
}

function checkTarget(
  values: ArrayLike<unknown>,
  schema: InputSchema,
  checks: Checks,
  na: ReadonlySet<string>,
): Violation[] {
  const out: Violation[] = [];
  const { name, task } = schema.target;
  const missing = new ExampleCollector();
  const bad = new ExampleCollector();
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (task === 'regression') {
      const v = coerceNumber(raw, na);
      if (v === undefined) bad.add(i, raw);
      else if (Number.isNaN(v)) missing.add(i, null);
    } else {
      const label = coerceCategory(raw, na);
      if (label === null) missing.add(i, null);
      else counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  if (missing.count > 0) {
    out.push({
      column: name,
      rule: 'target_missing',
      severity: 'warning',
      count: missing.count,
      message: `${missing.count} row(s) have no target; they are dropped`,
      examples: missing.examples,
    });
  }
  if (bad.count > 0) {
    out.push({
      column: name,
      rule: 'type',
      severity: 'error',
      count: bad.count,
      message: `${bad.count} target value(s) are not numbers (regression)`,
      examples: bad.examples,
    });
  }
  if (task === 'classification') {
    const labelled = [...counts.values()].reduce((a, b) => a + b, 0);
    if (counts.size === 1) {
      out.push({
        column: name,
        rule: 'class_balance',
        severity: 'error',
        count: labelled,
        message: `only one class (${[...counts.keys()][0]}): nothing to learn`,
        examples: [],
      });
    }
    for (const [label, count] of [...counts].sort()) {
      if (labelled > 0 && count / labelled < checks.min_class_fraction) {
        const pct = ((100 * count) / labelled).toFixed(1);
        out.push({
          column: name,
          rule: 'class_balance',
          severity: 'warning',
          count,
          message: `class '${label}' is ${pct}% of the rows (< ${checks.min_class_fraction * 100}%)`,
          examples: [],
        });
      }
    }
  }
  return out;
}

function dataset(rule: Violation['rule'], severity: Violation['severity'], count: number, message: string): Violation {
  return { column: null, rule, severity, count, message, examples: [] };
}

/**
 * " Did you mean 'Species'? Columns: a, b, c" — a case-insensitive match first, else the nearest name;
 * then the columns the file has (the first 30).
 */
export function columnHint(name: string, columns: readonly string[]): string {
  const exact = columns.find((c) => c.toLowerCase() === name.toLowerCase());
  const near = exact ?? suggest(name, columns, 1)[0];
  const list =
    columns.length > 30 ? `${columns.slice(0, 30).join(', ')}, ... (${columns.length} in all)` : columns.join(', ');
  return `${near ? ` Did you mean '${near}'?` : ''} Columns: ${list || '(none)'}.`;
}
