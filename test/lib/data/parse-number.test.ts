import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../src/lib/data/ingest/parse-number.js';

const parse = (s: string) => parseNumber(s, 0, s.length);

describe('parseNumber', () => {
  it('agrees with Number() on every double written in plain or fixed notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 8 }), (v, digits) => {
        for (const text of [String(v), v.toFixed(digits)])
          expect(Object.is(parse(text), Number(text)) || parse(text) === Number(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads signs, leading dots and exponents', () => {
    expect([parse('-1.5'), parse('+2'), parse('.25'), parse('1e3'), parse('-2.5E-2')]).toEqual([
      -1.5, 2, 0.25, 1000, -0.025,
    ]);
  });

  it('returns NaN for text that is not a plain number (no hex, Infinity, blanks)', () => {
    for (const text of ['', '-', '.', 'abc', '0x10', 'Infinity', '1,5', '1.2.3', ' 1', '1e'])
      expect(parse(text)).toBeNaN();
  });
});
