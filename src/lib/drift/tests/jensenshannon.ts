import { jensenShannonTest } from '../stats/jensen-shannon.js';
import { defineDriftTest } from './drift-test.js';

/** Evidently's Jensen–Shannon distance over value (or Sturges bin) frequencies. */
export const jensenshannon = defineDriftTest({
  name: 'jensenshannon',
  label: 'Jensen-Shannon distance',
  kinds: ['categorical', 'numeric'],
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  rule: '≥',
  score: jensenShannonTest,
});
