// The mlx method's statistics against scipy / statsmodels (scripts/gen-drift-fixtures.py mlx).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../../../src/lib/drift/stats/benjamini-hochberg.js';
import { categoryTest } from '../../../../src/lib/drift/stats/category-test.js';
import { chiSquareContingency } from '../../../../src/lib/drift/stats/chi2-contingency.js';
import { pairedCounts } from '../../../../src/lib/drift/stats/frequencies.js';
import { holm } from '../../../../src/lib/drift/stats/holm.js';
import { permutationChiSquare } from '../../../../src/lib/drift/stats/permutation-chi2.js';
import { poolSparseCategories } from '../../../../src/lib/drift/stats/pool-categories.js';
import { mulberry32 } from '../../../../src/lib/random.js';

interface ContingencyCase {
  name: string;
  reference: (string | number)[];
  current: (string | number)[];
  pooled: [number[], number[]];
  adequate: boolean;
  statistic?: number;
  pvalue?: number;
  dof?: number;
}
const vectors = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../../../fixtures/drift/mlx-vectors.json'), 'utf8'),
) as { contingency: ContingencyCase[]; adjust: { name: string; p: number[]; bh: number[]; holm: number[] }[] };

function close(actual: number, expected: number, rel = 1e-9): void {
  const tol = Math.max(Math.abs(expected) * rel, 1e-300);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('chi-square homogeneity test (scipy chi2_contingency, correction=False)', () => {
  it.each(vectors.contingency)('$name', (c) => {
    const counts = pairedCounts(c.reference, c.current);
    const pooled = poolSparseCategories(counts.reference, counts.current);
    expect([Array.from(pooled.a), Array.from(pooled.b)]).toEqual(c.pooled);
    expect(pooled.adequate).toBe(c.adequate);
    const result = categoryTest(counts.reference, counts.current);
    if (c.statistic === undefined || c.pvalue === undefined) {
      expect(result.method).toBe('permutation');
      return;
    }
    expect(result.method).toBe('asymptotic');
    const direct = chiSquareContingency(pooled.a, pooled.b);
    expect(direct.dof).toBe(c.dof);
    close(result.statistic, c.statistic);
    close(result.pValue, c.pvalue);
  });

  it('gives p = 1 for one category, and for a huge table of only sparse categories', () => {
    expect(categoryTest([10], [20])).toMatchObject({ pValue: 1, method: 'untestable' });
    const ids = new Float64Array(120_000).fill(1);
    expect(categoryTest(ids, ids)).toMatchObject({ pValue: 1, method: 'untestable' });
    // a sparse table with a small reference is still permuted, at the cost of the small side
    const small = Float64Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const large = new Float64Array(400).fill(3);
    expect(categoryTest(small, large).method).toBe('permutation');
  });
});

describe('permutation chi-square', () => {
  it('is deterministic for a seed and agrees with the asymptotic p-value on a well-filled table', () => {
    const a = [120, 80, 50];
    const b = [90, 85, 75];
    const first = permutationChiSquare(a, b, mulberry32(7), 4999);
    expect(permutationChiSquare(a, b, mulberry32(7), 4999)).toEqual(first);
    expect(first.pValue).toBeCloseTo(chiSquareContingency(a, b).pValue, 2);
  });

  it('is a valid p-value: under "same distribution" P(p ≤ 0.05) stays near 0.05 for tiny samples', () => {
    // Given 400 pairs of tiny samples (8 + 6 rows, 3 categories) from one distribution
    const random = mulberry32(11);
    let alarms = 0;
    for (let r = 0; r < 400; r++) {
      const draw = (n: number) => {
        const counts = [0, 0, 0];
        for (let i = 0; i < n; i++) {
          const u = random();
          const k = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
          counts[k] = (counts[k] as number) + 1;
        }
        return counts;
      };
      const a = draw(8);
      const b = draw(6);
      const keep = a.map((_, i) => (a[i] as number) + (b[i] as number) > 0);
      const test = permutationChiSquare(
        a.filter((_, i) => keep[i]),
        b.filter((_, i) => keep[i]),
        mulberry32(r),
        499,
      );
      if (test.pValue <= 0.05) alarms++;
    }
    // Then the alarm rate is at most 5 % up to sampling error (3 standard errors of 400 draws ≈ 3.3 %).
    expect(alarms / 400).toBeLessThanOrEqual(0.083);
  });
});

describe('multiple-testing corrections (statsmodels multipletests)', () => {
  it.each(vectors.adjust)('Benjamini–Hochberg and Holm: $name', (c) => {
    for (const [i, p] of benjaminiHochberg(c.p).entries()) close(p, c.bh[i] as number, 1e-12);
    for (const [i, p] of holm(c.p).entries()) close(p, c.holm[i] as number, 1e-12);
  });
});
