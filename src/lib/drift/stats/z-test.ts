import type { PValueResult } from './chi-square.js';
import { pairedCounts } from './frequencies.js';
import { normalCdf } from './special.js';

/**
 * Evidently's two-proportion Z-test for columns with ≤ 2 values: share of the first value (sorted)
 * in reference vs current, p = 2·(1 − Φ(|z|)); one identical value on both sides gives p = 1.
 */
export function twoProportionZTest(
  reference: ArrayLike<string | number>,
  current: ArrayLike<string | number>,
): PValueResult {
  const { reference: r, current: c } = pairedCounts(reference, current);
  if (r.length === 1) return { statistic: 0, pValue: 1 };
  const n1 = reference.length;
  const n2 = current.length;
  // Evidently codes the first key 0 and every other value 1, so p is the share of "not the first key".
  const p1 = (n1 - (r[0] as number)) / n1;
  const p2 = (n2 - (c[0] as number)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}
