import type { MetricDefinition } from './definition.js';

/** Root mean squared error. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
  return yTrue.length === 0 ? Number.NaN : Math.sqrt(sum / yTrue.length);
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const rmseMetric: MetricDefinition = {
  name: 'rmse',
  task: 'regression',
  direction: 'min',
  roles: ['leaderboard', 'champion'],
  compute: (i) => rmse(i.yTrue, i.yPred),
};
