import { contingencyStatistic } from './chi2-contingency.js';

export interface PermutationResult {
  statistic: number;
  pValue: number;
  permutations: number;
}

/**
 * Monte Carlo permutation p-value of Pearson's statistic for a 2 × k table: the pooled rows are dealt
 * at random into samples of the two observed sizes `permutations` times (a partial Fisher–Yates draw
 * of the smaller sample, so the cost is permutations × its size), and
 * p = (1 + #{T* ≥ T}) / (1 + permutations), which is a valid p-value for any sample size.
 */
export function permutationChiSquare(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  random: () => number,
  permutations = 1999,
): PermutationResult {
  const k = a.length;
  const statistic = contingencyStatistic(a, b);
  let na = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    na += a[i] as number;
    n += (a[i] as number) + (b[i] as number);
  }
  // The statistic is symmetric in the two rows: draw whichever sample is smaller.
  const drawn = Math.min(na, n - na);
  const labels = new Uint32Array(n);
  for (let i = 0, at = 0; i < k; i++) {
    const total = (a[i] as number) + (b[i] as number);
    labels.fill(i, at, at + total);
    at += total;
  }
  const pa = new Float64Array(k);
  const pb = new Float64Array(k);
  // Ties within rounding of the observed statistic count as "at least as extreme".
  const bar = statistic * (1 - 1e-12);
  let extreme = 0;
  for (let r = 0; r < permutations; r++) {
    pa.fill(0);
    for (let i = 0; i < drawn; i++) {
      const j = i + Math.floor(random() * (n - i));
      const chosen = labels[j] as number;
      labels[j] = labels[i] as number;
      labels[i] = chosen;
      pa[chosen] = (pa[chosen] as number) + 1;
    }
    for (let i = 0; i < k; i++) pb[i] = (a[i] as number) + (b[i] as number) - (pa[i] as number);
    if (contingencyStatistic(pa, pb) >= bar) extreme++;
  }
  return { statistic, pValue: (1 + extreme) / (1 + permutations), permutations };
}
