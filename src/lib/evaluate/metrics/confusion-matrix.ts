/** Confusion matrix: `m[actual][predicted]` counts, k × k. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = m[yTrue[i] as number];
    const p = yPred[i] as number;
    if (row && p >= 0 && p < k) row[p] = (row[p] ?? 0) + 1;
  }
  return m;
}
