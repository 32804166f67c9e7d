import type { MetricDefinition } from './definition.js';

/** Share of rows whose predicted class equals the actual class. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length === 0) return Number.NaN;
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const accuracyMetric: MetricDefinition = {
  name: 'accuracy',
  task: 'classification',
  direction: 'max',
  roles: ['leaderboard'],
  compute: (i) => accuracy(i.yTrue, i.yPred),
};
