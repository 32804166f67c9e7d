// Every drift statistic against the values scipy/numpy compute (scripts/gen-drift-fixtures.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sturgesEdges } from '../../../src/lib/drift/stats/binning.js';
import { chiSquareTest } from '../../../src/lib/drift/stats/chi-square.js';
import { jensenShannonTest } from '../../../src/lib/drift/stats/jensen-shannon.js';
import { ksTwoSample } from '../../../src/lib/drift/stats/ks-two-sample.js';
import { kolmogorovSmirnovSf } from '../../../src/lib/drift/stats/kstwo.js';
import { populationStabilityIndex } from '../../../src/lib/drift/stats/psi.js';
import { wassersteinNormed } from '../../../src/lib/drift/stats/wasserstein.js';
import { twoProportionZTest } from '../../../src/lib/drift/stats/z-test.js';

interface Case {
  name: string;
  reference: (number | string | boolean)[];
  current: (number | string | boolean)[];
  statistic: number;
  pvalue?: number;
  numeric?: boolean;
}
const vectors = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../../fixtures/drift/scipy-vectors.json'), 'utf8'),
  (_key, value) => (value === 'Infinity' ? Number.POSITIVE_INFINITY : value),
) as Record<string, Case[]> & {
  kstwo: { n: number; d: number; sf: number }[];
  sturges: { name: string; values: number[]; edges: number[] }[];
};

/** |actual − expected| ≤ 1e-9·|expected| (or 1e-300 absolute for underflowing values). */
function close(actual: number, expected: number, rel = 1e-9): void {
  if (!Number.isFinite(expected)) return void expect(actual).toBe(expected);
  const tol = Math.max(Math.abs(expected) * rel, 1e-300);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
const nums = (a: Case['reference']) => Float64Array.from(a as number[]);
const strs = (a: Case['reference']) => a.map(String);
const sample = (c: Case, side: 'reference' | 'current') =>
  c.numeric
    ? ({ kind: 'numeric', values: nums(c[side]) } as const)
    : ({ kind: 'categorical', values: strs(c[side]) } as const);

describe('drift statistics match scipy', () => {
  it.each(vectors.ks ?? [])('ks_2samp: $name', (c) => {
    const r = ksTwoSample(nums(c.reference), nums(c.current));
    close(r.statistic, c.statistic, 1e-12);
    close(r.pValue, c.pvalue ?? Number.NaN);
  });
  it.each(vectors.kstwo)('kstwo.sf(d=$d, n=$n)', ({ n, d, sf }) => {
    close(kolmogorovSmirnovSf(n, d), sf);
  });
  it.each(vectors.chisquare ?? [])('chisquare: $name', (c) => {
    const r = chiSquareTest(strs(c.reference), strs(c.current));
    close(r.statistic, c.statistic);
    close(r.pValue, c.pvalue ?? Number.NaN);
  });
  it.each(vectors.z ?? [])('z-test: $name', (c) => {
    const r = twoProportionZTest(strs(c.reference), strs(c.current));
    close(Math.abs(r.statistic), Math.abs(c.statistic));
    close(r.pValue, c.pvalue ?? Number.NaN, 1e-7);
  });
  it.each(vectors.wasserstein ?? [])('wasserstein (normed): $name', (c) => {
    close(wassersteinNormed(nums(c.reference), nums(c.current)).statistic, c.statistic);
  });
  it.each(vectors.jensenshannon ?? [])('jensenshannon: $name', (c) => {
    close(jensenShannonTest(sample(c, 'reference'), sample(c, 'current')), c.statistic);
  });
  it.each(vectors.psi ?? [])('psi: $name', (c) => {
    close(populationStabilityIndex(sample(c, 'reference'), sample(c, 'current')), c.statistic);
  });
  it.each(vectors.sturges)('histogram_bin_edges(sturges): $name', ({ values, edges }) => {
    const got = sturgesEdges(Math.min(...values), Math.max(...values), values.length);
    expect(got.length).toBe(edges.length);
    for (const [i, e] of edges.entries()) close(got[i] as number, e, 1e-15);
  });
});
