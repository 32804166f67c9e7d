import { describe, expect, it } from 'vitest';
import { midRanks, permutationAuc } from '../../../../src/lib/drift/multivariate/auc.js';
import { permutationsFor } from '../../../../src/lib/drift/multivariate/domain-classifier.js';
import { rocAuc } from '../../../../src/lib/evaluate/metrics/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';

describe('permutationAuc', () => {
  it('gives the Mann–Whitney AUC, ties counting one half', () => {
    // Given scores with ties and labels
    const scores = Float64Array.from([0.1, 0.4, 0.4, 0.9, 0.2, 0.4, 0.7]);
    const y = Float64Array.from([0, 1, 0, 1, 0, 1, 1]);
    // Then the AUC is the one of the evaluate module, and mid-ranks average the ties
    const { auc } = permutationAuc(scores, y, 99, mulberry32(1));
    expect(auc).toBeCloseTo(
      rocAuc(
        scores,
        Array.from(y, (v) => v === 1),
      ),
      12,
    );
    expect(Array.from(midRanks(scores))).toEqual([1, 4, 4, 7, 2, 4, 6]);
  });

  it('holds its level when scores carry no information (null p-values are uniform)', () => {
    // Given 400 held-out sets whose scores are independent of the labels
    const random = mulberry32(7);
    let below10 = 0;
    let below50 = 0;
    for (let t = 0; t < 400; t++) {
      const scores = Float64Array.from({ length: 60 }, () => Math.round(random() * 20));
      const y = Float64Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const { pValue } = permutationAuc(scores, y, 199, random);
      if (pValue <= 0.1) below10++;
      if (pValue <= 0.5) below50++;
    }
    // Then P(p ≤ α) ≈ α (binomial 400: ±4 standard errors)
    expect(below10 / 400).toBeLessThan(0.1 + 4 * 0.015);
    expect(below10 / 400).toBeGreaterThan(0.1 - 4 * 0.015);
    expect(below50 / 400).toBeGreaterThan(0.5 - 4 * 0.025);
    expect(below50 / 400).toBeLessThan(0.5 + 4 * 0.025);
  });

  it('resolves p-values a tenth below the level the correction needs', () => {
    expect(permutationsFor(0.05)).toBe(999);
    expect(2 / (permutationsFor(0.05 / 14) + 1)).toBeLessThanOrEqual(0.05 / 14 / 10);
  });
});
