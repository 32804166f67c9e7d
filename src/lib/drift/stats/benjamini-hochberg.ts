/**
 * Benjamini–Hochberg adjusted p-values (`scipy.stats.false_discovery_control(p, method='bh')`):
 * p̃_(i) = min_{j ≥ i} m·p_(j) / j, capped at 1, in the input order. Rejecting every hypothesis with
 * p̃ ≤ q controls the false discovery rate at q for independent or positively dependent p-values.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((x, y) => (pValues[x] as number) - (pValues[y] as number));
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1] as number;
    running = Math.min(running, ((pValues[i] as number) * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}
