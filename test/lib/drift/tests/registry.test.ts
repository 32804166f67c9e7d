import { describe, expect, it } from 'vitest';
import { DRIFT_TEST_NAMES, driftTestSchema } from '../../../../src/lib/config/sections/drift.js';
import { TEST_LABELS, thresholdText } from '../../../../src/lib/drift/report/format.js';
import { DEFAULT_THRESHOLDS } from '../../../../src/lib/drift/select-test.js';
import { DRIFT_TESTS, decide } from '../../../../src/lib/drift/tests/index.js';

const num = (v: number[]) => ({ kind: 'numeric' as const, values: Float64Array.from(v) });

describe('drift test registry', () => {
  it('has exactly the names the config accepts, each under its own name', () => {
    expect(Object.keys(DRIFT_TESTS).sort()).toEqual([...DRIFT_TEST_NAMES].sort());
    for (const [key, test] of Object.entries(DRIFT_TESTS)) expect(test.name).toBe(key);
    expect(driftTestSchema.options).toEqual(['auto', ...DRIFT_TEST_NAMES]);
  });

  it('feeds the default thresholds and the report labels', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      ks: 0.05,
      chisquare: 0.05,
      z: 0.05,
      wasserstein: 0.1,
      jensenshannon: 0.1,
      psi: 0.1,
      chi2_contingency: 0.05,
    });
    expect(TEST_LABELS.ks).toBe('K-S p-value');
    expect(thresholdText({ test: 'ks', threshold: 0.05 })).toBe('≤ 0.05');
    expect(thresholdText({ test: 'chisquare', threshold: 0.01 })).toBe('< 0.01');
    expect(thresholdText({ test: 'psi', threshold: 0.2 })).toBe('≥ 0.2');
  });

  it('states a rule that matches the score kind', () => {
    for (const test of Object.values(DRIFT_TESTS))
      expect(test.scoreKind === 'distance' ? ['≥'] : ['<', '≤']).toContain(test.rule);
  });

  it('decides at the threshold as Evidently does: KS drifts at p = t, chi-square not, distances at d = t', () => {
    expect(decide('≤', 0.05, 0.05)).toBe(true);
    expect(decide('<', 0.05, 0.05)).toBe(false);
    expect(decide('≥', 0.1, 0.1)).toBe(true);
    expect(decide('≥', 0.099, 0.1)).toBe(false);
  });

  it('runs a test: score and decision', () => {
    const far = DRIFT_TESTS.ks.run(num([1, 2, 3, 4, 5, 6, 7, 8]), num([11, 12, 13, 14, 15, 16, 17, 18]), 0.05);
    expect(far).toMatchObject({ scoreKind: 'p_value', drifted: true });
    expect(far.score).toBeCloseTo(1.5540015540015537e-4, 15);
    const same = DRIFT_TESTS.wasserstein.run(num([1, 2, 3]), num([1, 2, 3]), 0.1);
    expect(same).toEqual({ score: 0, scoreKind: 'distance', drifted: false });
  });
});
