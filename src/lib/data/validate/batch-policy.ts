import type { ColumnTable } from 'arquero';
import type { InputSchema } from '../../contracts.js';
import { isMissing } from '../coerce.js';
import { actionFor, type PolicyProblem, type ValidationPolicy } from '../features/policy.js';
import { columnValues } from '../table-utils.js';
import { ExampleCollector, type ValidationReport, type Violation } from './types.js';

export interface BatchOptions {
  na: ReadonlySet<string>;
  /** Whether the batch must carry the target (a file to evaluate on: yes; a file to predict: no). */
  requireTarget: boolean;
}

/** Rules that always make a batch unusable: a column the model needs is absent, or values are not of its type. */
const ALWAYS: ReadonlySet<Violation['rule']> = new Set(['missing_column', 'type']);
const POLICED: Partial<Record<Violation['rule'], PolicyProblem>> = {
  out_of_range: 'out_of_range',
  not_allowed: 'unknown_category',
};

/**
 * The input policy applied to a validated file (what `mlx predict` and `mlx evaluate --data` do, the
 * same rule `mlx serve` applies per request): missing columns and wrong types are errors; values
 * outside soft limits are warnings; outside declared limits, and missing values of required features,
 * follow the policy. Dataset-level rules meant for training data (row count, class balance, missing
 * share, duplicates) do not apply to a batch. Returns the report re-judged: errors first.
 */
export function applyInputPolicy(
  report: ValidationReport,
  table: ColumnTable,
  schema: InputSchema,
  policy: ValidationPolicy,
  options: BatchOptions,
): ValidationReport {
  const features = new Map(schema.features.map((f) => [f.name, f]));
  const judged: Violation[] = [];
  for (const v of report.violations) {
    if (ALWAYS.has(v.rule) || (options.requireTarget && v.rule === 'target_missing')) {
      judged.push({ ...v, severity: 'error' });
      continue;
    }
    const problem = POLICED[v.rule];
    const feature = v.column === null ? undefined : features.get(v.column);
    if (!problem || !feature) continue;
    const action = actionFor(problem, feature, policy);
    if (action !== 'accept') judged.push({ ...v, severity: action === 'reject' ? 'error' : 'warning' });
  }
  const present = new Set(table.columnNames());
  for (const feature of schema.features) {
    if (!present.has(feature.name)) continue;
    const action = actionFor('missing', feature, policy);
    if (action === 'accept') continue;
    const found = new ExampleCollector();
    const values = columnValues(table, feature.name);
    for (let i = 0; i < values.length; i++) if (isMissing(values[i], options.na)) found.add(i, null);
    if (found.count === 0) continue;
    const what =
      action === 'reject'
        ? 'refused (inputs.on_missing: reject)'
        : 'imputed as in training (inputs.on_missing: impute)';
    judged.push({
      column: feature.name,
      rule: 'missing',
      severity: action === 'reject' ? 'error' : 'warning',
      count: found.count,
      message: `${found.count} missing value(s) of a required feature: ${what}`,
      examples: found.examples,
    });
  }
  judged.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = judged.filter((v) => v.severity === 'error').length;
  return { ...report, violations: judged, errors, warnings: judged.length - errors, valid: errors === 0 };
}
