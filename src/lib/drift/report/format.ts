import { DRIFT_TESTS, perTest } from '../tests/index.js';
import type { ColumnDrift } from '../types.js';

/** A score for people: p-values in scientific notation when tiny, distances with 4 decimals. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return value.toFixed(4);
}

/** "≤ 0.05" / "≥ 0.1": how the score is compared with the threshold, by the test's registered rule. */
export function thresholdText(c: Pick<ColumnDrift, 'test' | 'threshold'>): string {
  return `${DRIFT_TESTS[c.test].rule} ${c.threshold}`;
}

/** The report's label per test (from the registry). */
export const TEST_LABELS = perTest((t) => t.label);
