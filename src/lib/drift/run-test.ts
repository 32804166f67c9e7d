import type { Sample } from './stats/binning.js';
import { DRIFT_TESTS, type TestOutcome } from './tests/index.js';
import type { DriftTestName } from './types.js';

export type { TestOutcome } from './tests/index.js';

/**
 * Runs one registered drift test with Evidently's decision rule: p-value tests drift when p < threshold
 * (KS: p ≤ threshold), distances when score ≥ threshold.
 */
export function runDriftTest(test: DriftTestName, reference: Sample, current: Sample, threshold: number): TestOutcome {
  return DRIFT_TESTS[test].run(reference, current, threshold);
}
