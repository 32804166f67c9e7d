import type { MetricDefinition } from './definition.js';
import { perClassScores } from './per-class.js';

/** Mean recall over the classes that occur in the actual labels. */
export function balancedAccuracy(matrix: readonly (readonly number[])[]): number {
  const present = perClassScores(matrix).filter((s) => s.support > 0);
  return present.length === 0 ? Number.NaN : present.reduce((a, s) => a + s.recall, 0) / present.length;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const balancedAccuracyMetric: MetricDefinition = {
  name: 'balanced_accuracy',
  task: 'classification',
  direction: 'max',
  compute: (i) => balancedAccuracy(i.matrix),
};
