import { describe, expect, it } from 'vitest';
import { jsonStreamWriter, jsonTexts } from '../../../src/lib/prediction-store/json-stream.js';
import { mulberry32 } from '../../../src/lib/random.js';

/** What the writer thread writes for these values (each encoded here, written back as text). */
function roundTrip(values: unknown[], asText: boolean[] = []): string[] {
  const w = jsonStreamWriter(4);
  values.forEach((v, i) => {
    w.add(v, asText[i] ?? false);
  });
  // Through a structured clone, as postMessage sends it
  return jsonTexts(structuredClone(w.finish()));
}

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

describe('json-stream', () => {
  it('writes exactly what JSON.stringify writes: numbers, strings, key order, nesting, skipped members', () => {
    const values: unknown[] = [
      { island: 'Biscoe', bill_length_mm: 46.1, body_mass_g: 4500, sex: null, flag: true, off: false },
      { label: 'Gentoo', probabilities: { Adelie: 1.2e-7, Chinstrap: 0.30000001192092896, Gentoo: 0.7 } },
      { '10': 1, '2': 2, b: 3, a: 4 },
      { neg: -0, nan: Number.NaN, inf: Number.NEGATIVE_INFINITY, big: 1e21, tiny: 5e-324, max: Number.MAX_VALUE },
      { 'say "hi"\\': 'tab\there', ünï: 'emoji 🐧 \u2028 \u0000', '': '' },
      { skip: undefined, fn: () => 1, sym: Symbol('s'), kept: 1 },
      { arr: [1, 'two', null, undefined, [3]], date: new Date(0), point: new Point(1, 2), boxed: new Number(3) },
      { deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } } },
      { toJSON: () => ({ replaced: true }) },
      Object.assign(Object.create(null), { bare: 1 }),
      {},
      'a string',
      42,
      null,
    ];
    expect(roundTrip(values)).toEqual(values.map((v) => JSON.stringify(v)));
  });

  it('passes JSON text through as it is, and a value JSON.stringify leaves out as null', () => {
    expect(roundTrip(['{"x":1}', '"quoted"', undefined], [true, false, false])).toEqual([
      '{"x":1}',
      '"\\"quoted\\""',
      'null',
    ]);
  });

  it('agrees with JSON.stringify on 2,000 random rows', () => {
    const rnd = mulberry32(11);
    const pick = () => {
      const r = rnd();
      if (r < 0.4) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      if (r < 0.5) return Math.floor(rnd() * 1000);
      if (r < 0.7)
        return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 0x3000)));
      if (r < 0.8) return null;
      if (r < 0.85) return undefined;
      if (r < 0.9) return rnd() < 0.5;
      return [Math.fround(rnd()), 'x'];
    };
    const keys = ['a', 'b', '3', 'ключ', 'c d', '01'];
    const rows = Array.from({ length: 2000 }, () => {
      const row: Record<string, unknown> = {};
      for (const k of keys) if (rnd() < 0.8) row[k] = pick();
      if (rnd() < 0.3) row.nested = { p: pick(), q: { r: pick() } };
      return row;
    });
    expect(roundTrip(rows)).toEqual(rows.map((v) => JSON.stringify(v)));
  });
});
