/**
 * Holm's step-down adjusted p-values: p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)), in the input
 * order. Rejecting every hypothesis with p̃ ≤ α controls the family-wise error rate at α under any
 * dependence between the p-values.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((x, y) => (pValues[x] as number) - (pValues[y] as number));
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let rank = 1; rank <= m; rank++) {
    const i = order[rank - 1] as number;
    running = Math.max(running, Math.min(1, (m - rank + 1) * (pValues[i] as number)));
    adjusted[i] = running;
  }
  return adjusted;
}
