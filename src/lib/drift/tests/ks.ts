import { ksTwoSample } from '../stats/ks-two-sample.js';
import { asNumbers, defineDriftTest } from './drift-test.js';

/** Two-sample Kolmogorov–Smirnov p-value (scipy's `ks_2samp`, method auto); Evidently drifts at p ≤ t. */
export const ks = defineDriftTest({
  name: 'ks',
  label: 'K-S p-value',
  kinds: ['numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  rule: '≤',
  score: (reference, current) => ksTwoSample(asNumbers(reference), asNumbers(current)).pValue,
});
