import { sortedIndex } from './sort.js';

/** Mid-ranks (1-based; ties share their mean rank) of `scores`. */
export function midRanks(scores: Float64Array): Float64Array {
  const order = sortedIndex(scores);
  const ranks = new Float64Array(scores.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/** The AUC from the positives' rank sum (Mann–Whitney U / (n₁·n₀)). */
export const aucOfRankSum = (rankSum: number, positives: number, rows: number): number =>
  (rankSum - (positives * (positives + 1)) / 2) / (positives * (rows - positives));

/**
 * The held-out AUC of `scores` for labels `y` (1 = positive) and its one-sided permutation p-value:
 * (1 + permutations with an AUC at least as large) / (permutations + 1). Given the model, the labels
 * of held-out rows are exchangeable when both sides come from one distribution, so the p-value is
 * exact (not asymptotic) whatever the model and the sample size.
 */
export function permutationAuc(
  scores: Float64Array,
  y: Float64Array,
  permutations: number,
  random: () => number,
): { auc: number; pValue: number } {
  const n = scores.length;
  const ranks = midRanks(scores);
  let positives = 0;
  let observed = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) {
      positives++;
      observed += ranks[i] as number;
    }
  }
  if (positives === 0 || positives === n) return { auc: Number.NaN, pValue: 1 };
  // Rank sums are multiples of ½: compare with a margin well below that.
  const bar = observed - 1e-7;
  const pool = Float64Array.from(ranks);
  let atLeast = 0;
  for (let b = 0; b < permutations; b++) {
    // A random set of `positives` rows: the first `positives` steps of a Fisher–Yates shuffle.
    let sum = 0;
    for (let i = 0; i < positives; i++) {
      const j = i + Math.floor(random() * (n - i));
      const picked = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = picked;
      sum += picked;
    }
    if (sum >= bar) atLeast++;
  }
  return { auc: aucOfRankSum(observed, positives, n), pValue: (1 + atLeast) / (permutations + 1) };
}
