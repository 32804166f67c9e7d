import { chiSquareTest } from '../stats/chi-square.js';
import { asKeys, defineDriftTest } from './drift-test.js';

/** Evidently's chi-square: current counts against reference frequencies taken as exact. */
export const chisquare = defineDriftTest({
  name: 'chisquare',
  label: 'chi-square p-value',
  kinds: ['categorical', 'numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  rule: '<',
  score: (reference, current) => chiSquareTest(asKeys(reference), asKeys(current)).pValue,
});
