/** One broken rule: where, how often, and a few examples (1-based data row numbers). */
export interface Violation {
  /** The column, or null for dataset-level rules. */
  column: string | null;
  rule:
    | 'missing_column'
    | 'type'
    | 'missing'
    | 'out_of_range'
    | 'not_allowed'
    | 'high_cardinality'
    | 'unexpected_column'
    | 'unseen_category'
    | 'min_rows'
    | 'empty'
    | 'all_missing'
    | 'target_missing'
    | 'duplicates'
    | 'class_balance';
  severity: 'error' | 'warning';
  /** Rows affected (0 for whole-column problems such as a missing column). */
  count: number;
  message: string;
  examples: { row: number; value: unknown }[];
}

/** What `mlx data validate` prints and `--json` returns. */
export interface ValidationReport {
  file: string | null;
  rows: number;
  columns: number;
  valid: boolean;
  errors: number;
  warnings: number;
  violations: Violation[];
}

export const MAX_EXAMPLES = 5;

/** Collects up to MAX_EXAMPLES examples while counting every occurrence. */
export class ExampleCollector {
  count = 0;
  readonly examples: { row: number; value: unknown }[] = [];
  add(index: number, value: unknown): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ row: index + 1, value });
  }
}
