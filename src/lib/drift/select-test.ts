import type { Sample } from './stats/binning.js';
import { distinctUpTo } from './stats/frequencies.js';
import { perTest } from './tests/index.js';
import type { DriftTestName } from './types.js';

/** Default thresholds per test (Evidently's), read from the registry. */
export const DEFAULT_THRESHOLDS = perTest((t) => t.defaultThreshold);

/** Reference size above which distance measures replace p-value tests (Evidently's rule). */
export const LARGE_REFERENCE = 1000;

/**
 * Evidently's default test for a column: with ≤ 1000 reference rows, KS for numeric columns with more
 * than 5 distinct values, else chi-square (> 2 values) or the Z-test; with more rows, normed Wasserstein
 * for numeric columns with more than 5 distinct values, else Jensen–Shannon. Distinct values are
 * counted over reference and current together.
 */
export function defaultTest(reference: Sample, current: Sample): DriftTestName {
  const distinct = distinctUpTo(5, reference.values, current.values);
  const numeric = reference.kind === 'numeric' && distinct > 5;
  if (reference.values.length <= LARGE_REFERENCE) {
    if (numeric) return 'ks';
    return distinctUpTo(2, reference.values, current.values) > 2 ? 'chisquare' : 'z';
  }
  return numeric ? 'wasserstein' : 'jensenshannon';
}
