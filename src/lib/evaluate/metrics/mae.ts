import type { MetricDefinition } from './definition.js';

/** Mean absolute error. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return yTrue.length === 0 ? Number.NaN : sum / yTrue.length;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const maeMetric: MetricDefinition = {
  name: 'mae',
  task: 'regression',
  direction: 'min',
  roles: ['tie-break'],
  compute: (i) => mae(i.yTrue, i.yPred),
};
