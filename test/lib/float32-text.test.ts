import { describe, expect, it } from 'vitest';
import { exponentText, shortestFloat32 } from '../../src/lib/float32-text.js';
import { mulberry32 } from '../../src/lib/random.js';

describe('shortestFloat32', () => {
  it('gives the double whose text is the float32 shortest decimal, the same float32', () => {
    // Given float32 values of every magnitude a probability takes, and some outside
    const rng = mulberry32(11);
    const values = Float32Array.from([
      1 / 3,
      0.1,
      0.9999996,
      1e-7,
      2 ** -149,
      3e15,
      -0.25,
      ...Array.from({ length: 5000 }, () => (rng() - 0.5) * 2 ** (20 - Math.floor(rng() * 60))),
    ]);
    for (const v of values) {
      const s = shortestFloat32(v);
      // Then it reads back to the float32, and its text is never longer than the widened double's
      expect(Math.fround(s)).toBe(v);
      expect(JSON.stringify(s).length).toBeLessThanOrEqual(JSON.stringify(v).length);
    }
    expect([...values.slice(0, 7)].map((v) => JSON.stringify(shortestFloat32(v)))).toEqual([
      '0.33333334',
      '0.1',
      '0.9999996',
      '1e-7',
      '1e-45',
      '3000000000000000',
      '-0.25',
    ]);
    expect(exponentText(Math.fround(3e15))).toBe('3e+15');
  });

  it('keeps what is not a finite float32 as it is', () => {
    for (const v of [0, -0, Number.NaN, Number.POSITIVE_INFINITY, 0.1, 1 / 3])
      expect(Object.is(shortestFloat32(v), v)).toBe(true);
  });
});
