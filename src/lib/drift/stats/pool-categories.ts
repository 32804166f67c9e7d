/** Cochran's rule: the chi-square approximation wants every expected count to be at least 5. */
export const MIN_EXPECTED = 5;

export interface PooledTable {
  a: Float64Array;
  b: Float64Array;
  /** Whether every cell's expected count is ≥ `minExpected` (the asymptotic p-value is then usable). */
  adequate: boolean;
}

/**
 * Merges sparse categories of a 2 × k table: a category whose smaller expected count
 * (column total × min(n_a, n_b) / n) is below `minExpected` goes into one "rare" bucket, and the
 * bucket joins the smallest other category when it is still too small. The choice depends only on
 * the column totals and the sample sizes, which do not change when the two samples' rows are
 * permuted, so a test on the pooled table keeps its level under "same distribution".
 */
export function poolSparseCategories(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  minExpected = MIN_EXPECTED,
): PooledTable {
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i] as number;
    nb += b[i] as number;
  }
  const scale = Math.min(na, nb) / (na + nb);
  const keptA: number[] = [];
  const keptB: number[] = [];
  let rareA = 0;
  let rareB = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const bi = b[i] as number;
    if (ai + bi === 0) continue;
    if ((ai + bi) * scale >= minExpected) {
      keptA.push(ai);
      keptB.push(bi);
    } else {
      rareA += ai;
      rareB += bi;
    }
  }
  if (rareA + rareB > 0) {
    if ((rareA + rareB) * scale >= minExpected || keptA.length === 0) {
      keptA.push(rareA);
      keptB.push(rareB);
    } else {
      let smallest = 0;
      for (let i = 1; i < keptA.length; i++)
        if ((keptA[i] as number) + (keptB[i] as number) < (keptA[smallest] as number) + (keptB[smallest] as number))
          smallest = i;
      keptA[smallest] = (keptA[smallest] as number) + rareA;
      keptB[smallest] = (keptB[smallest] as number) + rareB;
    }
  }
  const adequate = keptA.every((x, i) => (x + (keptB[i] as number)) * scale >= minExpected);
  return { a: Float64Array.from(keptA), b: Float64Array.from(keptB), adequate };
}
