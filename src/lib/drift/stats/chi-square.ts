import { pairedCounts } from './frequencies.js';
import { chiSquareSf } from './special.js';

export interface PValueResult {
  statistic: number;
  pValue: number;
}

/**
 * Evidently's chi-square test: observed current counts against reference frequencies scaled to the
 * current size (`scipy.stats.chisquare(f_obs, f_exp)`); a category absent from the reference gives p = 0.
 */
export function chiSquareTest(
  reference: ArrayLike<string | number>,
  current: ArrayLike<string | number>,
): PValueResult {
  const { reference: r, current: c } = pairedCounts(reference, current);
  const k = c.length;
  if (k < 2) return { statistic: 0, pValue: 1 };
  const scale = current.length / reference.length;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const expected = (r[i] as number) * scale;
    if (expected === 0) return { statistic: Number.POSITIVE_INFINITY, pValue: 0 };
    statistic += ((c[i] as number) - expected) ** 2 / expected;
  }
  return { statistic, pValue: chiSquareSf(statistic, k - 1) };
}
