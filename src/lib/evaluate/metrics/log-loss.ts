import type { MetricDefinition } from './definition.js';

const EPS = 1e-15;

/** Mean negative log-likelihood of the actual class; probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(yTrue: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  if (yTrue.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = probs[i * k + (yTrue[i] as number)] as number;
    sum -= Math.log(Math.min(Math.max(p, EPS), 1 - EPS));
  }
  return sum / yTrue.length;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const logLossMetric: MetricDefinition = {
  name: 'log_loss',
  task: 'classification',
  direction: 'min',
  roles: ['tie-break'],
  compute: (i) => logLoss(i.yTrue, i.probs, i.k),
};
