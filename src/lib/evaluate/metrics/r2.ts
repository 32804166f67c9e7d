import type { MetricDefinition } from './definition.js';

/** Coefficient of determination: 1 − SS_res / SS_tot (NaN when the target is constant). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n === 0) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
    tot += ((yTrue[i] as number) - mean) ** 2;
  }
  return tot === 0 ? Number.NaN : 1 - res / tot;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const r2Metric: MetricDefinition = {
  name: 'r2',
  task: 'regression',
  direction: 'max',
  compute: (i) => r2(i.yTrue, i.yPred),
};
