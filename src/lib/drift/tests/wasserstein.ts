import { wassersteinNormed } from '../stats/wasserstein.js';
import { asNumbers, defineDriftTest } from './drift-test.js';

/** Evidently's normed Wasserstein distance: W1 / std(reference). */
export const wasserstein = defineDriftTest({
  name: 'wasserstein',
  label: 'Wasserstein (normed)',
  kinds: ['numeric'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  rule: '≥',
  score: (reference, current) => wassersteinNormed(asNumbers(reference), asNumbers(current)).statistic,
});
