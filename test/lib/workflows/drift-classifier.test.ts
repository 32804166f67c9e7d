import { describe, expect, it } from 'vitest';
import { driftSchema } from '../../../src/lib/config/sections/drift.js';
import { columnsSource, computeDrift } from '../../../src/lib/drift/compute.js';
import { mulberry32 } from '../../../src/lib/random.js';
import { multivariateDrift } from '../../../src/lib/workflows/drift-classifier.js';

const numeric = (name: string) => ({
  name,
  type: 'numeric' as const,
  required: true,
  min: null,
  max: null,
  allowed: null,
});
const schema = {
  features: [
    numeric('a'),
    numeric('b'),
    numeric('c'),
    { name: 'colour', type: 'categorical' as const, required: true, min: null, max: null, allowed: null },
  ],
};
const config = {
  method: 'mlx' as const,
  multivariate: 'domain_classifier' as const,
  fdr: 0.05,
  min_samples: 30,
  share: 0.5,
  columns: {},
};

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** a, b standard normal with correlation rho (marginals unchanged by rho), c and colour independent. */
function sample(n: number, seed: number, rho: number) {
  const random = mulberry32(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const colour: string[] = [];
  for (let i = 0; i < n; i++) {
    const z = gaussian(random);
    a[i] = z;
    b[i] = rho * z + Math.sqrt(1 - rho * rho) * gaussian(random);
    c[i] = gaussian(random);
    colour.push(random() < 0.3 ? 'red' : random() < 0.5 ? 'green' : 'blue');
  }
  return columnsSource({ a, b, c, colour });
}

describe('the domain-classifier test (GBDT)', () => {
  it('catches a correlation change that no single column shows', async () => {
    // Given reference a ⟂ b and current a, b correlated at 0.8 (every marginal unchanged)
    const reference = sample(1500, 1, 0);
    const current = sample(1500, 2, 0.8);
    // When drift is computed with the multivariate test
    const statistic = await multivariateDrift(reference, current, schema, config);
    const result = computeDrift({ reference, current, schema, config, multivariate: statistic });
    // Then no column drifts, the multivariate test does, and so does the dataset
    expect(result.columns.filter((c) => c.drifted)).toEqual([]);
    expect(result.multivariate?.auc).toBeGreaterThan(0.6);
    expect(result.multivariate?.pValue).toBeLessThan(0.01);
    expect(result.multivariate?.drifted).toBe(true);
    expect(result.datasetDrift).toBe(true);
    expect(result.decision.explanation).toContain('5 p-values are corrected together');
  });

  it('does not flag two samples of one distribution, and is deterministic', async () => {
    // Given two samples of the same distribution
    const reference = sample(1500, 3, 0.5);
    const current = sample(1500, 4, 0.5);
    // When the test runs twice
    const first = await multivariateDrift(reference, current, schema, config);
    const again = await multivariateDrift(reference, current, schema, config);
    const result = computeDrift({ reference, current, schema, config, multivariate: first });
    // Then the AUC stays near 0.5, nothing drifts, and the runs agree to the bit
    expect(again).toEqual(first);
    expect(result.multivariate?.auc).toBeLessThan(0.56);
    expect(result.multivariate?.pValue).toBeGreaterThan(0.05);
    expect(result.multivariate?.drifted).toBe(false);
    expect(result.datasetDrift).toBe(false);
  });

  it('stays off unless asked, and subsamples large sides', async () => {
    const reference = sample(3000, 5, 0);
    const current = sample(2500, 6, 0);
    expect(await multivariateDrift(reference, current, schema, { ...config, multivariate: 'off' })).toBeUndefined();
    const statistic = await multivariateDrift(reference, current, schema, config);
    expect(typeof statistic === 'object' ? statistic.rows : statistic).toEqual({ reference: 2000, current: 2000 });
  });

  it('is refused with the evidently method, which stays exactly Evidently', () => {
    const parsed = driftSchema.safeParse({ method: 'evidently', multivariate: 'domain_classifier' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['multivariate']);
    expect(driftSchema.parse({}).multivariate).toBe('off');
  });
});
