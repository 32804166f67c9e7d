import type { ColumnDrift } from '../types.js';

/** A score for people: p-values in scientific notation when tiny, distances with 4 decimals. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return value.toFixed(4);
}

/** "p ≤ 0.05" / "≥ 0.1": how the score is compared with the threshold for this test. */
export function thresholdText(c: Pick<ColumnDrift, 'test' | 'threshold' | 'scoreKind'>): string {
  if (c.scoreKind === 'distance') return `≥ ${c.threshold}`;
  return `${c.test === 'ks' ? '≤' : '<'} ${c.threshold}`;
}

export const TEST_LABELS: Record<ColumnDrift['test'], string> = {
  ks: 'K-S p-value',
  chisquare: 'chi-square p-value',
  z: 'Z-test p-value',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen-Shannon distance',
  psi: 'PSI',
};
