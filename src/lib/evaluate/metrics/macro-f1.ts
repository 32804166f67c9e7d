import type { MetricDefinition } from './definition.js';
import { perClassScores } from './per-class.js';

/** Unweighted mean of the per-class F1 scores over classes that occur (actual or predicted). */
export function macroF1(matrix: readonly (readonly number[])[]): number {
  const scores = perClassScores(matrix).filter((s, c) => s.support > 0 || matrix.some((r) => (r[c] ?? 0) > 0));
  return scores.length === 0 ? Number.NaN : scores.reduce((a, s) => a + s.f1, 0) / scores.length;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const macroF1Metric: MetricDefinition = {
  name: 'macro_f1',
  task: 'classification',
  direction: 'max',
  roles: ['champion'],
  compute: (i) => macroF1(i.matrix),
};
