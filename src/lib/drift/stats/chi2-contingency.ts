import { chiSquareSf } from './special.js';

export interface ContingencyResult {
  statistic: number;
  dof: number;
  pValue: number;
}

/** Pearson's statistic Σ (O − E)² / E of the 2 × k table with rows `a` and `b` (no empty columns). */
export function contingencyStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i] as number;
    nb += b[i] as number;
  }
  const n = na + nb;
  let statistic = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const bi = b[i] as number;
    const column = ai + bi;
    const ea = (column * na) / n;
    const eb = (column * nb) / n;
    statistic += (ai - ea) ** 2 / ea + (bi - eb) ** 2 / eb;
  }
  return statistic;
}

/**
 * Pearson's chi-square test of homogeneity for two samples' category counts, both samples random
 * (`scipy.stats.chi2_contingency([a, b], correction=False)`): asymptotic p-value with k − 1 degrees
 * of freedom; one category gives statistic 0 and p = 1. Every column must have a non-zero total.
 */
export function chiSquareContingency(a: ArrayLike<number>, b: ArrayLike<number>): ContingencyResult {
  const dof = a.length - 1;
  if (dof < 1) return { statistic: 0, dof: 0, pValue: 1 };
  const statistic = contingencyStatistic(a, b);
  return { statistic, dof, pValue: chiSquareSf(statistic, dof) };
}
