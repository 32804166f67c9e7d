import { chartData } from './chart-data.js';
import { columnValues } from './column-sample.js';
import { runDriftTest } from './run-test.js';
import { DEFAULT_THRESHOLDS, defaultTest } from './select-test.js';
import { populationStabilityIndex } from './stats/psi.js';
import type { ColumnDrift, ColumnKind, DriftTestName } from './types.js';

export interface ColumnOptions {
  column: string;
  role: ColumnDrift['role'];
  kind: ColumnKind;
  /** `auto` = Evidently's default choice. */
  test?: DriftTestName | 'auto';
  /** null/undefined = the test's default threshold. */
  threshold?: number | null;
}

/** Drift of one column, or the reason it cannot be evaluated (no values on one side). */
export function columnDrift(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  options: ColumnOptions,
): ColumnDrift | { skipped: string } {
  const ref = columnValues(reference, options.kind);
  const cur = columnValues(current, options.kind);
  if (ref.sample.values.length === 0) return { skipped: 'no non-missing values in the reference' };
  if (cur.sample.values.length === 0) return { skipped: 'no non-missing values in the current data' };
  const test = !options.test || options.test === 'auto' ? defaultTest(ref.sample, cur.sample) : options.test;
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const outcome = runDriftTest(test, ref.sample, cur.sample, threshold);
  return {
    column: options.column,
    role: options.role,
    kind: options.kind,
    test,
    score: outcome.score,
    scoreKind: outcome.scoreKind,
    threshold,
    drifted: outcome.drifted,
    psi: test === 'psi' ? outcome.score : populationStabilityIndex(ref.sample, cur.sample),
    reference: ref.summary,
    current: cur.summary,
    missingShareChange: cur.summary.missingShare - ref.summary.missingShare,
    chart: chartData(ref.sample, cur.sample),
  };
}
