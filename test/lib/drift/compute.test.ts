import { describe, expect, it } from 'vitest';
import { columnsSource, computeDrift, rowsSource } from '../../../src/lib/drift/compute.js';
import { defaultTest } from '../../../src/lib/drift/select-test.js';
import { mulberry32 } from '../../../src/lib/random.js';

const features = [
  { name: 'x', type: 'numeric' as const, required: true, min: null, max: null, allowed: null },
  { name: 'colour', type: 'categorical' as const, required: true, min: null, max: null, allowed: null },
  { name: 'flag', type: 'boolean' as const, required: true, min: null, max: null, allowed: null },
];
const config = { method: 'evidently' as const, min_samples: 30, share: 0.5, columns: {} };

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

describe('computeDrift', () => {
  it('finds no drift between two samples of one distribution', () => {
    const r = computeDrift({
      reference: rowsSource(rows(500, 1)),
      current: rowsSource(rows(400, 2)),
      schema: { features },
      config,
    });
    expect(r.status).toBe('ok');
    expect(r.columns.map((c) => [c.column, c.test])).toEqual([
      ['x', 'ks'],
      ['colour', 'chisquare'],
      ['flag', 'z'],
    ]);
    expect(r.datasetDrift).toBe(false);
    expect(r.driftedColumns).toBe(0);
  });

  it('flags shifted columns and dataset drift at the configured share', () => {
    const r = computeDrift({
      reference: rowsSource(rows(500, 1)),
      current: rowsSource(rows(400, 3, 1)),
      schema: { features },
      config,
    });
    expect(r.columns.filter((c) => c.drifted).map((c) => c.column)).toEqual(['x', 'colour']);
    expect(r.driftShare).toBeCloseTo(2 / 3);
    expect(r.datasetDrift).toBe(true);
    expect(r.message).toMatch(/^Dataset drift detected: 2 of 3 columns/);
    const strict = computeDrift({
      reference: rowsSource(rows(500, 1)),
      current: rowsSource(rows(400, 3, 1)),
      schema: { features },
      config: { ...config, share: 0.9 },
    });
    expect(strict.datasetDrift).toBe(false);
  });

  it('switches to distances above 1000 reference rows, and honours per-column overrides', () => {
    const r = computeDrift({
      reference: rowsSource(rows(1500, 4)),
      current: rowsSource(rows(500, 5, 1)),
      schema: { features },
      config: { ...config, columns: { flag: { test: 'psi', threshold: 0.2 } } },
    });
    expect(r.columns.map((c) => c.test)).toEqual(['wasserstein', 'jensenshannon', 'psi']);
    expect(r.columns[2]?.threshold).toBe(0.2);
    expect(r.columns[0]?.drifted).toBe(true);
  });

  it('reports insufficient data instead of statistics', () => {
    const r = computeDrift({
      reference: rowsSource(rows(100, 1)),
      current: rowsSource(rows(10, 2)),
      schema: { features },
      config,
    });
    expect(r).toMatchObject({ status: 'insufficient_data', columns: [], datasetDrift: false });
    expect(r.message).toBe('Insufficient data: 10 current rows, drift.min_samples is 30.');
  });

  it('drops missing and infinite values, reports the missing share, skips empty or absent columns', () => {
    const reference = columnsSource({
      x: Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? null : i)),
      colour: Array.from({ length: 100 }, () => null),
    });
    const current = columnsSource({
      x: Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? Number.POSITIVE_INFINITY : i * 2)),
      colour: Array.from({ length: 50 }, () => 'red'),
    });
    const r = computeDrift({ reference, current, schema: { features }, config });
    const x = r.columns[0];
    expect(x?.reference).toEqual({ rows: 100, missing: 10, missingShare: 0.1 });
    expect(x?.current).toEqual({ rows: 50, missing: 10, missingShare: 0.2 });
    expect(x?.missingShareChange).toBeCloseTo(0.1);
    expect(r.skipped).toEqual([
      { column: 'colour', reason: 'no non-missing values in the reference' },
      { column: 'flag', reason: 'missing from the reference' },
    ]);
  });

  it('tests prediction drift on the model outputs', () => {
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
    expect(r.prediction).toMatchObject({ column: 'prediction', role: 'prediction', test: 'z', drifted: true });
  });
});

describe('defaultTest (Evidently rules)', () => {
  const num = (v: number[]) => ({ kind: 'numeric' as const, values: Float64Array.from(v) });
  it('counts distinct values over both samples', () => {
    expect(defaultTest(num([1, 2, 3]), num([4, 5, 6]))).toBe('ks');
    expect(defaultTest(num([1, 2, 3]), num([1, 2, 3]))).toBe('chisquare');
    expect(defaultTest(num([1, 2, 1]), num([2, 1]))).toBe('z');
    expect(defaultTest(num(Array.from({ length: 1001 }, (_, i) => i % 5)), num([1]))).toBe('jensenshannon');
  });
});
