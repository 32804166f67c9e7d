import type { ColumnTable } from 'arquero';
import type { FeatureContract, InputSchema } from '../../contracts.js';
import { isMissing } from '../coerce.js';
import { actionFor, type PolicyProblem, type ValidationPolicy } from '../features/policy.js';
import { DictionaryColumn } from '../ingest/dictionary-column.js';
import { columnValues } from '../table-utils.js';
import { ExampleCollector, MAX_EXAMPLES, type ValidationReport, type Violation } from './types.js';

export interface BatchOptions {
  na: ReadonlySet<string>;
  /** Whether the batch must carry the target (a file to evaluate on: yes; a file to predict: no). */
  requireTarget: boolean;
}

/** Rules that always make a batch unusable: a column the model needs is absent, or values are not of its type. */
const ALWAYS: ReadonlySet<Violation['rule']> = new Set(['missing_column', 'type']);
/** Notes about the file that never stop it: columns the model ignores, categories training never saw. */
const NOTES: ReadonlySet<Violation['rule']> = new Set(['unexpected_column', 'unseen_category']);
const POLICED: Partial<Record<Violation['rule'], PolicyProblem>> = {
  out_of_range: 'out_of_range',
  not_allowed: 'unknown_category',
};

/** What a {@link BatchJudge} has seen, as plain data (sent between threads): see `state` and `absorb`. */
export interface JudgeState {
  violations: Violation[];
  missing: [string, { count: number; examples: { row: number; value: unknown }[] }][];
  rows: number;
  columns: number | null;
}

/**
 * Calls `visit` with each row whose value is missing: a dictionary-coded column is judged once per
 * distinct value, a numeric one by NaN, anything else value by value.
 */
function forMissing(table: ColumnTable, name: string, na: ReadonlySet<string>, visit: (row: number) => void): void {
  const column = table.column(name) as unknown;
  if (column instanceof DictionaryColumn && !table.isFiltered() && !table.isOrdered()) {
    const missing = column.values.map((v) => isMissing(v, na));
    const { codes } = column;
    for (let i = 0; i < codes.length; i++) if (missing[codes[i] as number]) visit(i);
    return;
  }
  const values = columnValues(table, name);
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) visit(i);
    return;
  }
  for (let i = 0; i < values.length; i++) if (isMissing(values[i], na)) visit(i);
}

/**
 * The input policy applied to a file for a trained model — `mlx predict`, `mlx evaluate --data` and
 * `mlx data validate FILE` all judge a batch with it, and `mlx serve` applies the same rule per request:
 * missing columns and wrong types are errors; values outside soft limits are warnings; outside declared
 * limits, and missing values of required features, follow the policy; a column whose every value is
 * missing, or more than its `max_missing`, is an error under `inputs.on_missing: reject` (declared
 * limits) and a warning otherwise — never silent; a file without rows is an error. Rules meant for
 * training data (row count, class balance, duplicates) do not apply to a batch.
 *
 * A file can be judged in chunks (`mlx predict` streams): `add` each chunk's validation report, then
 * `finish` gives the report of the whole file — counts summed, example rows numbered in the file, and the
 * rules that need every row (missing shares, an empty file) decided on the totals.
 */
export class BatchJudge {
  private readonly features: Map<string, FeatureContract>;
  private readonly merged = new Map<string, Violation>();
  private readonly missing = new Map<string, ExampleCollector>();
  private rows = 0;
  private columns: number | null = null;

  constructor(
    private readonly schema: InputSchema,
    private readonly policy: ValidationPolicy,
    private readonly options: BatchOptions,
  ) {
    this.features = new Map(schema.features.map((f) => [f.name, f]));
  }

  /**
   * Judges one chunk (`report`: validateTable of `table`), whose first row is row `offset` of the file.
   * Returns how many errors this chunk has (a streaming caller stops writing at the first).
   */
  add(report: ValidationReport, table: ColumnTable, offset: number): number {
    this.columns ??= report.columns;
    let errors = 0;
    for (const v of report.violations) {
      const severity = this.severityOf(v);
      if (severity === null) continue;
      if (severity === 'error') errors++;
      this.merge({ ...v, severity, examples: v.examples.map((e) => ({ ...e, row: e.row + offset })) });
    }
    const present = new Set(table.columnNames());
    for (const feature of this.schema.features) {
      if (!present.has(feature.name)) continue;
      const found = this.missing.get(feature.name) ?? new ExampleCollector();
      this.missing.set(feature.name, found);
      forMissing(table, feature.name, this.options.na, (i) => found.add(offset + i, null));
      if (this.wouldRefuseMissing(feature) && found.count > 0) errors++;
    }
    this.rows = Math.max(this.rows, offset + table.numRows());
    return errors;
  }

  /** The rows judged so far (the last row's number, counted from this judge's first row). */
  get judgedRows(): number {
    return this.rows;
  }

  /** What this judge has seen so far (rows numbered from its own first row). */
  state(): JudgeState {
    return {
      violations: [...this.merged.values()],
      missing: [...this.missing].map(([name, c]) => [name, { count: c.count, examples: c.examples }]),
      rows: this.rows,
      columns: this.columns,
    };
  }

  /**
   * Takes in what another judge saw of the rows that follow, `offset` rows into the file (a file judged
   * in parts, one judge per part: the same report as one judge over every chunk in order).
   */
  absorb(state: JudgeState, offset: number): void {
    this.columns ??= state.columns;
    const shift = (examples: { row: number; value: unknown }[]) => examples.map((e) => ({ ...e, row: e.row + offset }));
    for (const v of state.violations) this.merge({ ...v, examples: shift(v.examples) });
    for (const [name, seen] of state.missing) {
      const found = this.missing.get(name) ?? new ExampleCollector();
      this.missing.set(name, found);
      found.count += seen.count;
      for (const e of shift(seen.examples)) if (found.examples.length < MAX_EXAMPLES) found.examples.push(e);
    }
    this.rows = Math.max(this.rows, offset + state.rows);
  }

  /** The report of the whole file: `base` (file name, columns) with every chunk's violations and the totals' rules. */
  finish(base: Pick<ValidationReport, 'file'>): ValidationReport {
    const judged = [...this.merged.values(), ...this.wholeFileRules()];
    judged.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    const errors = judged.filter((v) => v.severity === 'error').length;
    return {
      file: base.file,
      rows: this.rows,
      columns: this.columns ?? 0,
      valid: errors === 0,
      errors,
      warnings: judged.length - errors,
      violations: judged,
    };
  }

  /** The severity of a chunk's violation under the policy, or null when it does not apply to a batch. */
  private severityOf(v: Violation): Violation['severity'] | null {
    if (ALWAYS.has(v.rule) || (this.options.requireTarget && v.rule === 'target_missing')) return 'error';
    if (NOTES.has(v.rule)) return 'warning';
    const problem = POLICED[v.rule];
    const feature = v.column === null ? undefined : this.features.get(v.column);
    if (!problem || !feature) return null;
    const action = actionFor(problem, feature, this.policy);
    return action === 'accept' ? null : action === 'reject' ? 'error' : 'warning';
  }

  /** Chunks repeat the same finding: one entry, counts summed, the first examples kept, the count in the text updated. */
  private merge(v: Violation): void {
    const key = `${v.column}\u0000${v.rule}\u0000${v.severity}\u0000${v.message.replace(/^\d+/, '#')}`;
    const seen = this.merged.get(key);
    if (!seen) {
      this.merged.set(key, v);
      return;
    }
    const count = seen.count + v.count;
    const message =
      seen.count > 0 && seen.message.startsWith(`${seen.count}`)
        ? seen.message.replace(/^\d+/, `${count}`)
        : seen.message;
    this.merged.set(key, {
      ...seen,
      count,
      message,
      examples: [...seen.examples, ...v.examples].slice(0, MAX_EXAMPLES),
    });
  }

  private wouldRefuseMissing(feature: FeatureContract): boolean {
    return actionFor('missing', feature, this.policy) === 'reject';
  }

  /** Rules decided on the whole file: no rows, missing shares and entirely missing columns, missing required values. */
  private wholeFileRules(): Violation[] {
    const rows = this.rows;
    if (rows === 0)
      return [
        {
          column: null,
          rule: 'empty',
          severity: 'error',
          count: 0,
          message: 'the file has no data rows (only a header?)',
          examples: [],
        },
      ];
    const out: Violation[] = [];
    for (const [name, found] of this.missing) {
      const feature = this.features.get(name);
      if (!feature || found.count === 0) continue;
      const action = actionFor('missing', feature, this.policy);
      const share = missingShareSeverity(feature, this.policy);
      if (found.count === rows) {
        out.push({
          column: name,
          rule: 'all_missing',
          severity: action === 'reject' || share === 'error' ? 'error' : 'warning',
          count: rows,
          message: `every value is missing (${rows} row(s)): the model sees none of this feature (an empty or misnamed column?)`,
          examples: [],
        });
        continue;
      }
      const maxMissing = feature.max_missing ?? 1;
      if (found.count / rows > maxMissing) {
        const pct = ((100 * found.count) / rows).toFixed(1);
        const limit = feature.limits === 'soft' ? 'observed ' : '';
        out.push({
          column: name,
          rule: 'missing',
          severity: share,
          count: found.count,
          message: `${pct}% missing, more than ${limit}max_missing ${maxMissing}`,
          examples: found.examples,
        });
      }
      if (action === 'accept') continue;
      const what =
        action === 'reject'
          ? 'refused (inputs.on_missing: reject)'
          : 'imputed as in training (inputs.on_missing: impute)';
      out.push({
        column: name,
        rule: 'missing',
        severity: action === 'reject' ? 'error' : 'warning',
        count: found.count,
        message: `${found.count} missing value(s) of a required feature: ${what}`,
        examples: found.examples,
      });
    }
    return out;
  }
}

/** The input policy applied to a whole file at once (one chunk): see {@link BatchJudge}. Returns the report re-judged, errors first. */
export function applyInputPolicy(
  report: ValidationReport,
  table: ColumnTable,
  schema: InputSchema,
  policy: ValidationPolicy,
  options: BatchOptions,
): ValidationReport {
  const judge = new BatchJudge(schema, policy, options);
  judge.add(report, table, 0);
  return judge.finish(report);
}

/** A missing share over the limit: refused only for a declared limit under `inputs.on_missing: reject`. */
function missingShareSeverity(feature: FeatureContract, policy: ValidationPolicy): Violation['severity'] {
  return feature.limits !== 'soft' && policy.onMissing === 'reject' ? 'error' : 'warning';
}
