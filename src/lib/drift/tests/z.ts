import { twoProportionZTest } from '../stats/z-test.js';
import { asKeys, defineDriftTest } from './drift-test.js';

/** Evidently's two-proportion Z-test for columns with at most two values. */
export const z = defineDriftTest({
  name: 'z',
  label: 'Z-test p-value',
  kinds: ['categorical', 'numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  rule: '<',
  score: (reference, current) => twoProportionZTest(asKeys(reference), asKeys(current)).pValue,
});
