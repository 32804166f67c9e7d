import { mulberry32 } from '../../random.js';
import { chiSquareContingency } from './chi2-contingency.js';
import { permutationChiSquare } from './permutation-chi2.js';
import { poolSparseCategories } from './pool-categories.js';

/**
 * A table whose every category is sparse and whose smaller sample has more rows than this is not
 * permuted (p = 1: an identifier-like column, nothing testable); below it a permutation costs at most
 * 1999 × 50 000 draws.
 */
export const PERMUTATION_MAX_DRAWS = 50_000;
/** Fixed seed: the same data give the same permutation p-value. */
const SEED = 0x6d6c78;

export interface CategoryTestResult {
  statistic: number;
  pValue: number;
  method: 'asymptotic' | 'permutation' | 'untestable';
  /** Categories after pooling the sparse ones. */
  categories: number;
}

/**
 * Two-sample test of equal category frequencies that is valid for finite samples: Pearson's
 * chi-square on the 2 × k table after pooling sparse categories (asymptotic p-value when every
 * expected count is ≥ 5), else a seeded Monte Carlo permutation p-value on the unpooled table.
 * One category on both sides, or only sparse categories in a huge table, gives p = 1.
 */
export function categoryTest(reference: ArrayLike<number>, current: ArrayLike<number>): CategoryTestResult {
  const pooled = poolSparseCategories(reference, current);
  if (pooled.adequate && pooled.a.length >= 2) {
    const r = chiSquareContingency(pooled.a, pooled.b);
    return { statistic: r.statistic, pValue: r.pValue, method: 'asymptotic', categories: pooled.a.length };
  }
  let na = 0;
  let nb = 0;
  let k = 0;
  for (let i = 0; i < reference.length; i++) {
    na += reference[i] as number;
    nb += current[i] as number;
    if ((reference[i] as number) + (current[i] as number) > 0) k++;
  }
  if (k < 2 || Math.min(na, nb) > PERMUTATION_MAX_DRAWS)
    return { statistic: 0, pValue: 1, method: 'untestable', categories: k };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if ((reference[i] as number) + (current[i] as number) === 0) continue;
    a.push(reference[i] as number);
    b.push(current[i] as number);
  }
  const r = permutationChiSquare(a, b, mulberry32(SEED));
  return { statistic: r.statistic, pValue: r.pValue, method: 'permutation', categories: k };
}
