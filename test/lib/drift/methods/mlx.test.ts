import { describe, expect, it } from 'vitest';
import { driftSchema } from '../../../../src/lib/config/sections/drift.js';
import { columnsSource, computeDrift, rowsSource } from '../../../../src/lib/drift/compute.js';
import { adjustPValues, rawCutoff } from '../../../../src/lib/drift/methods/mlx.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { featureContract as feature } from '../../../helpers/contracts.js';

const features = [feature('x', 'numeric'), feature('colour', 'categorical'), feature('flag', 'boolean')];
const config = { min_samples: 30, share: 0.5, columns: {} };

function normal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
function rows(n: number, seed: number, shift = 0) {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    x: normal(random, shift, 1),
    colour: random() < 0.5 + shift / 4 ? 'red' : random() < 0.5 ? 'green' : 'blue',
    flag: random() < 0.3,
  }));
}

describe('computeDrift, mlx method (the default)', () => {
  it('is the config default, with q = 0.05, Benjamini–Hochberg and Evidently-sized effect floors', () => {
    expect(driftSchema.parse({})).toMatchObject({
      method: 'mlx',
      fdr: 0.05,
      correction: 'bh',
      effect_size: { numeric: 0.1, categorical: 0.1 },
    });
    expect(() => driftSchema.parse({ fdr: 1 })).toThrow();
    expect(() => driftSchema.parse({ method: 'ks' })).toThrow();
  });

  it('tests each column with a two-sample test and finds nothing in two samples of one distribution', () => {
    const r = computeDrift({
      reference: rowsSource(rows(500, 1)),
      current: rowsSource(rows(400, 2)),
      schema: { features },
      config,
    });
    expect(r.method).toBe('mlx');
    expect(r.columns.map((c) => [c.column, c.test])).toEqual([
      ['x', 'ks'],
      ['colour', 'chi2_contingency'],
      ['flag', 'chi2_contingency'],
    ]);
    expect(r.datasetDrift).toBe(false);
    expect(r.message).toBe(
      'No dataset drift: 0 of 3 columns drifted (Benjamini–Hochberg-corrected p ≤ 0.05 and effect size ≥ floor).',
    );
    expect(r.decision).toMatchObject({ method: 'mlx', correction: 'bh', fdr: 0.05 });
    expect(r.decision.explanation).toContain('a dataset alarm is raised at most 5 % of the time');
    for (const c of r.columns) {
      expect(c.pValueAdjusted).toBeGreaterThanOrEqual(c.score);
      expect(c.effectSize?.measure).toBe(c.kind === 'numeric' ? 'wasserstein' : 'jensenshannon');
    }
  });

  it('flags shifted columns: corrected p ≤ q and effect ≥ floor; any drifted column is dataset drift', () => {
    const r = computeDrift({
      reference: rowsSource(rows(500, 1)),
      current: rowsSource(rows(400, 3, 1)),
      schema: { features },
      config,
    });
    expect(r.columns.filter((c) => c.drifted).map((c) => c.column)).toEqual(['x', 'colour']);
    expect(r.datasetDrift).toBe(true);
    expect(r.message).toMatch(/^Dataset drift detected: 2 of 3 columns drifted/);
    for (const c of r.columns) {
      const significant = (c.pValueAdjusted ?? 1) <= 0.05;
      expect(c.score <= c.threshold).toBe(significant);
      expect(c.drifted).toBe(significant && (c.effectSize?.value ?? 0) >= (c.effectSize?.floor ?? 1));
    }
  });

  it('does not flag a trivial shift in huge samples unless the effect-size floor is lowered', () => {
    // Given 200 000 rows a side and a mean shift of 0.03 standard deviations
    const random = mulberry32(5);
    const side = (shift: number) => ({ x: Float64Array.from({ length: 200_000 }, () => normal(random, shift, 1)) });
    const reference = columnsSource(side(0));
    const current = columnsSource(side(0.03));
    const schema = { features: [feature('x', 'numeric')] };
    // When drift is computed with the default floor (normed Wasserstein 0.1)
    const r = computeDrift({ reference, current, schema, config });
    // Then the shift is significant but too small to count
    const x = r.columns[0];
    expect(x?.score).toBeLessThan(1e-6);
    expect(x?.effectSize?.value).toBeLessThan(0.1);
    expect(r.datasetDrift).toBe(false);
    const noFloor = computeDrift({
      reference,
      current,
      schema,
      config: { ...config, effect_size: { numeric: 0, categorical: 0 } },
    });
    expect(noFloor.datasetDrift).toBe(true);
  });

  it('decides the prediction column on its own at level q', () => {
    const r = computeDrift({
      reference: rowsSource(rows(300, 1)),
      current: rowsSource(rows(300, 2)),
      schema: { features },
      config,
      predictions: {
        reference: Array.from({ length: 300 }, (_, i) => (i % 3 ? 'a' : 'b')),
        current: Array.from({ length: 300 }, (_, i) => (i % 3 ? 'b' : 'a')),
        kind: 'categorical',
      },
    });
    expect(r.prediction).toMatchObject({ test: 'chi2_contingency', threshold: 0.05, drifted: true });
    expect(r.prediction?.pValueAdjusted).toBe(r.prediction?.score);
  });

  it('keeps its false-alarm rate: at most 5 % of same-distribution pairs raise an alarm', () => {
    // Given 200 pairs of small samples (150 vs 120 rows) of one distribution
    let mlx = 0;
    let evidently = 0;
    for (let pair = 0; pair < 200; pair++) {
      const reference = rowsSource(rows(150, 1000 + pair));
      const current = rowsSource(rows(120, 5000 + pair));
      if (computeDrift({ reference, current, schema: { features }, config }).datasetDrift) mlx++;
      const ev = computeDrift({
        reference,
        current,
        schema: { features },
        config: { ...config, method: 'evidently', share: 0.3 },
      });
      if (ev.datasetDrift) evidently++;
    }
    // Then mlx alarms on at most 5 % plus sampling error (3 standard errors of 200 pairs ≈ 4.6 %)
    expect(mlx / 200).toBeLessThanOrEqual(0.096);
    // and Evidently's uncorrected vote (any of 3 columns at share 0.3) alarms more often
    expect(evidently).toBeGreaterThan(mlx);
  });
});

describe('computeDrift memory reuse', () => {
  it('gives each column its own result although samples share buffers and counts are cached per column', () => {
    // Given two numeric and two categorical columns computed together and one by one
    const random = mulberry32(9);
    const side = (shift: number) => ({
      a: Float64Array.from({ length: 400 }, () => normal(random, shift, 1)),
      b: Float64Array.from({ length: 400 }, () => normal(random, 5, 2)),
      c: Array.from({ length: 400 }, () => (random() < 0.3 + shift / 5 ? 'x' : 'y')),
      d: Array.from({ length: 400 }, () => (random() < 0.5 ? 'p' : 'q')),
    });
    const ref = side(0);
    const cur = side(1);
    const schema = {
      features: [
        feature('a', 'numeric'),
        feature('b', 'numeric'),
        feature('c', 'categorical'),
        feature('d', 'categorical'),
      ],
    };
    const together = computeDrift({ reference: columnsSource(ref), current: columnsSource(cur), schema, config });
    for (const f of schema.features) {
      const alone = computeDrift({
        reference: columnsSource({ [f.name]: ref[f.name as 'a'] }),
        current: columnsSource({ [f.name]: cur[f.name as 'a'] }),
        schema: { features: [f] },
        config,
      });
      const col = together.columns.find((c) => c.column === f.name);
      // Then the raw p-value, effect size, PSI and chart are those of the column alone
      expect(col?.score).toBe(alone.columns[0]?.score);
      expect(col?.effectSize).toEqual(alone.columns[0]?.effectSize);
      expect(col?.psi).toBe(alone.columns[0]?.psi);
      expect(col?.chart).toEqual(alone.columns[0]?.chart);
    }
  });

  it('does not reuse counts of an array the caller changed between two calls', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'a' : 'b'));
    const reference = columnsSource({ c: Array.from({ length: 200 }, (_, i) => (i % 2 ? 'a' : 'b')) });
    const schema = { features: [feature('c', 'categorical')] };
    const before = computeDrift({ reference, current: columnsSource({ c: values }), schema, config });
    values.fill('a');
    const after = computeDrift({ reference, current: columnsSource({ c: values }), schema, config });
    expect(before.columns[0]?.score).toBe(1);
    expect(after.columns[0]?.score).toBeLessThan(1e-20);
  });
});

describe('corrections', () => {
  it('the raw cut-off rejects exactly the p-values whose corrected value is ≤ q', () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 300; trial++) {
      const m = 1 + Math.floor(random() * 15);
      const p = Array.from({ length: m }, () => (random() < 0.3 ? random() * 0.01 : random()));
      for (const correction of ['bh', 'holm'] as const) {
        const adjusted = adjustPValues(p, correction);
        const rejected = adjusted.filter((a) => a <= 0.05).length;
        const cutoff = rawCutoff(m, rejected, 0.05, correction);
        for (const [i, pi] of p.entries())
          expect(pi <= cutoff, `${correction} ${p} ${i}`).toBe((adjusted[i] as number) <= 0.05);
      }
    }
  });

  it('Holm is stricter than Benjamini–Hochberg', () => {
    const p = [0.01, 0.02, 0.03, 0.04];
    expect(adjustPValues(p, 'bh')).toEqual([0.04, 0.04, 0.04, 0.04]);
    expect(adjustPValues(p, 'holm')).toEqual([0.04, 0.06, 0.06, 0.06]);
  });
});
