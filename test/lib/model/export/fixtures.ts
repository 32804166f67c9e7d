import type { Row } from '../../../../src/lib/contracts.js';
import type { FittedPipeline } from '../../../../src/lib/data/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';

const step = (impute: number, center: number, scale: number) => ({ impute, center, scale });

/** Every feature kind and datetime part, both categorical imputation strategies, min-max and huge scales. */
export const mixedPipeline: FittedPipeline = {
  version: 1,
  features: [
    { name: 'x', kind: 'numeric', impute_strategy: 'median', step: step(1.5, 0.25, 3.75) },
    { name: 'big', kind: 'numeric', impute_strategy: 'mean', step: step(0, -1e30, 1e-12) },
    { name: 'flag', kind: 'boolean', impute: 1 },
    {
      name: 'colour',
      kind: 'categorical',
      impute_strategy: 'most_frequent',
      impute: 'green',
      categories: ['blue', 'green', 'red'],
    },
    {
      name: 'size',
      kind: 'categorical',
      impute_strategy: 'missing_level',
      impute: '__missing__',
      categories: ['L', 'S', '__missing__'],
    },
    {
      name: 'when',
      kind: 'datetime',
      parts: [
        { part: 'year', step: step(2000, 1990, 20) },
        { part: 'month', step: step(6, 6.5, 3.4) },
        { part: 'day', step: step(15, 15.7, 8.8) },
        { part: 'dayofweek', step: step(3, 3, 2) },
        { part: 'hour', step: step(12, 11.5, 6.9) },
        { part: 'epoch_days', step: step(0, 10_000, 5_000) },
      ],
    },
  ],
  outputs: [],
  width: 15,
  target: { name: 'y', task: 'regression', classes: null, center: 0, scale: 1 },
  na_values: ['', 'NA', '.'],
  scaler: 'standard',
};

/** Seeded rows with missing values, NA tokens, unseen labels and dates from 1600 to 2400 (negative epochs too). */
export function mixedRows(n: number): Row[] {
  const random = mulberry32(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const day = 86_400_000;
  return Array.from({ length: n }, () => ({
    x: random() < 0.1 ? null : (random() - 0.5) * 100,
    big: random() < 0.1 ? Number.NaN : random() * 1e6,
    flag: pick([true, false, null]),
    colour: pick(['blue', 'green', 'red', 'purple', null, 'NA', '']),
    size: pick(['L', 'S', 'XL', null, '.']),
    when: random() < 0.1 ? null : Math.round((random() - 0.3) * 430 * 365 * day) + pick([0, 1, day - 1]),
  }));
}
