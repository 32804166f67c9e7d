import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../../src/lib/drift/stats/sort-float64.js';
import { mulberry32 } from '../../../../src/lib/random.js';

function sample(n: number, seed: number, draw: (u: number, r: () => number) => number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, () => draw(random(), random));
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('sortFloat64', () => {
  it('orders like Float64Array.prototype.sort: negatives, ±0, ties, subnormals, infinities, huge and tiny values', () => {
    const cases = [
      sample(50_000, 1, (u) => (u - 0.5) * 1e6),
      sample(50_000, 2, (u) => Math.round((u - 0.5) * 20)), // many ties, negative integers
      sample(50_000, 3, (u, r) => (r() < 0.5 ? -1 : 1) * Math.exp((u - 0.5) * 1400)), // 1e-304 .. 1e304
      sample(50_000, 4, (u) =>
        u < 0.25 ? -0 : u < 0.5 ? 0 : u < 0.6 ? 5e-324 : u < 0.7 ? -5e-324 : u < 0.8 ? Infinity : -Infinity,
      ),
      sample(50_000, 5, () => 7.25), // one value: every pass skipped
      sample(100, 6, (u) => u - 0.5), // below the radix threshold
    ];
    for (const values of cases) {
      const expected = values.slice().sort();
      const copy = values.slice();
      expect(sortFloat64(copy)).toBe(copy);
      expect(same(copy, expected)).toBe(true);
    }
  });

  it('uses the working memory it is given, and sorts the same with it', () => {
    const values = sample(30_000, 8, (u) => (u - 0.3) * 1e3);
    const expected = values.slice().sort();
    const scratch = new Uint32Array(2 * 40_000);
    sortFloat64(values, scratch);
    expect(same(values, expected)).toBe(true);
    expect(scratch.some((w) => w !== 0)).toBe(true);
  });

  it('sorts a view in place without touching the rest of its buffer', () => {
    const whole = sample(20_000, 7, (u) => u * 100 - 50);
    const view = whole.subarray(5_000, 15_000);
    const before = whole.slice();
    const expected = view.slice().sort();
    sortFloat64(view);
    expect(same(view, expected)).toBe(true);
    expect(same(whole.subarray(0, 5_000), before.subarray(0, 5_000))).toBe(true);
    expect(same(whole.subarray(15_000), before.subarray(15_000))).toBe(true);
  });
});
