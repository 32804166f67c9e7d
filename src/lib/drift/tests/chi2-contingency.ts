import { categoryTest } from '../stats/category-test.js';
import { pairedCounts } from '../stats/frequencies.js';
import { asKeys, defineDriftTest } from './drift-test.js';

/**
 * Chi-square test of homogeneity: both samples random (unlike Evidently's `chisquare`, which takes the
 * reference frequencies as exact), sparse categories pooled, permutation p-value for small tables.
 */
export const chi2Contingency = defineDriftTest({
  name: 'chi2_contingency',
  label: 'chi-square homogeneity p-value',
  kinds: ['categorical', 'numeric'],
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  rule: '≤',
  score: (reference, current) => {
    const counts = pairedCounts(asKeys(reference), asKeys(current));
    return categoryTest(counts.reference, counts.current).pValue;
  },
});
