import { populationStabilityIndex } from '../stats/psi.js';
import { defineDriftTest } from './drift-test.js';

/** Population stability index over Evidently's zero-filled bins. */
export const psi = defineDriftTest({
  name: 'psi',
  label: 'PSI',
  kinds: ['numeric', 'categorical'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  rule: '≥',
  score: populationStabilityIndex,
});
