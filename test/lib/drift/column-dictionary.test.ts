import { describe, expect, it } from 'vitest';
import { DictionaryColumn } from '../../../src/lib/data/index.js';
import { columnDrift } from '../../../src/lib/drift/column-drift.js';
import { mulberry32 } from '../../../src/lib/random.js';

/** A text column as ingest codes it: code 0 = missing, the others in order of first appearance. */
function encode(values: readonly (string | null)[]): DictionaryColumn {
  const dictionary: (string | null)[] = [null];
  const index = new Map<string, number>();
  const codes = new Uint8Array(values.length);
  values.forEach((v, i) => {
    if (v === null) return;
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  });
  return new DictionaryColumn(codes, dictionary);
}

function colours(n: number, seed: number, red: number): (string | null)[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const u = random();
    if (u < 0.05) return null;
    return u < red ? 'red' : u < (1 + red) / 2 ? 'green' : 'blue';
  });
}

describe('columnDrift on dictionary-coded columns', () => {
  for (const method of ['mlx', 'evidently'] as const) {
    it(`gives the same result as the plain strings (${method})`, () => {
      // Given a categorical column on both sides, once as strings and once dictionary-coded
      const ref = colours(800, 1, 0.4);
      const cur = colours(600, 2, 0.55);
      const options = { column: 'colour', role: 'feature' as const, kind: 'categorical' as const, method };
      // When drift is computed on both representations
      const plain = columnDrift(ref, cur, options);
      const coded = columnDrift(encode(ref), encode(cur), options);
      // Then statistic, p-value, counts and chart agree exactly
      expect(coded).toEqual(plain);
      expect('skipped' in plain).toBe(false);
    });
  }

  it('reads numbers kept as text in a numeric column, dropping what is not a number', () => {
    // Given a numeric column that ingest kept as text because one value is not a number
    const values = ['1.5', '2', 'n/a', null, '2', '7'];
    const other = [1.5, 2, 2, 7, 3, 4];
    // When it is compared as numeric
    const coded = columnDrift(encode(values), other, { column: 'x', role: 'feature', kind: 'numeric' });
    const plain = columnDrift(values, other, { column: 'x', role: 'feature', kind: 'numeric' });
    // Then it reads as the same text in a plain array: non-numbers count as missing
    expect(coded).toEqual(plain);
    expect('skipped' in coded ? null : coded.reference.missing).toBe(2);
  });
});
