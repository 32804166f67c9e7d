// The ingest's column builder: numbers in a Float64Array kept without a copy, text as dictionary codes
// (an arquero column that reads back the same strings), and the typed columns of ingestColumns.
import { describe, expect, it } from 'vitest';
import { DictionaryColumn, ingestColumns, ingestFile } from '../../../src/lib/data/index.js';
import { ColumnBuilder } from '../../../src/lib/data/ingest/column-builder.js';
import { typeColumn } from '../../../src/lib/data/ingest/type-columns.js';
import { makeConfig, tempFile } from './helpers.js';

const NA = new Set(['', 'NA']);

function build(values: (string | null)[], forceString = false): ReturnType<ColumnBuilder['finish']> {
  const b = new ColumnBuilder(NA, forceString);
  for (const v of values) {
    if (v === null) b.pushMissing();
    else b.pushField(v, 0, v.length);
  }
  return b.finish();
}

describe('ColumnBuilder', () => {
  it('codes text with 8 bits, then 16 bits from the 256th distinct value, reading back every string', () => {
    // Given text with 3, then 300 distinct values and missing ones
    const few = ['b', 'a', null, 'b', 'NA', 'c'];
    const many = Array.from({ length: 900 }, (_, i) => (i % 7 === 3 ? null : `v${i % 300}`));
    // When built
    const small = build(few);
    const large = build(many);
    // Then both are dictionary columns whose values and plain array are the strings (NA → null)
    expect(small).toBeInstanceOf(DictionaryColumn);
    const s = small as DictionaryColumn;
    expect(s.codes).toBeInstanceOf(Uint8Array);
    expect([...s]).toEqual(['b', 'a', null, 'b', null, 'c']);
    expect(s.toArray()).toEqual(['b', 'a', null, 'b', null, 'c']);
    expect(s.values).toEqual([null, 'b', 'a', 'c']);
    const l = large as DictionaryColumn;
    expect(l.codes).toBeInstanceOf(Uint16Array);
    expect(l.values.length).toBe(301);
    expect(Array.from({ length: l.length }, (_, i) => l.at(i))).toEqual(many);
  });

  it('finds coded fields in the line they are in (no string made) with the codes slicing would give', () => {
    // Given a line of fields (repeats, 2,000 distinct values: the index grows; NA tokens; prefixes of
    // other values; non-ASCII) read from inside the text, and the same values handed over as strings
    const values = Array.from({ length: 6000 }, (_, i) =>
      i % 11 === 0 ? 'NA' : i % 13 === 0 ? 'c1' : i % 17 === 0 ? 'c12' : i % 19 === 0 ? 'ünï' : `v${(i * 7919) % 2000}`,
    );
    const line = values.join(',');
    const fromLine = new ColumnBuilder(NA, true);
    let start = 0;
    for (const v of values) {
      fromLine.pushField(line, start, start + v.length);
      start += v.length + 1;
    }
    const fromStrings = new ColumnBuilder(NA, true);
    for (const v of values) fromStrings.pushString(v);
    // When both are finished
    const a = fromLine.finish() as DictionaryColumn;
    const b = fromStrings.finish() as DictionaryColumn;
    // Then they hold the same codes and values, and read back the fields (NA → null)
    expect([...a.codes]).toEqual([...b.codes]);
    expect(a.values).toEqual(b.values);
    expect(a.toArray()).toEqual(values.map((v) => (v === 'NA' ? null : v)));
  });

  it('switches from numbers to text at the first non-number, keeping the numbers as their strings', () => {
    const column = build(['1.5', '', '2', 'x', '2']) as DictionaryColumn;
    expect(column.toArray()).toEqual(['1.5', null, '2', 'x', '2']);
    expect(column.values).toEqual([null, '1.5', '2', 'x']);
  });

  it('keeps plain interned strings past 65 535 distinct values', () => {
    const values = Array.from({ length: 70_000 }, (_, i) => `id${i}`);
    values.push('id5');
    const column = build(values);
    expect(Array.isArray(column)).toBe(true);
    expect(column).toEqual(values);
    const plain = column as string[];
    expect(plain[70_000]).toBe(plain[5]);
  });

  it('hands over its number buffer when little of it is unused, and copies when much is', () => {
    // Given a builder that reserved room for 5000 rows (a size estimate from the file size)
    const b = new ColumnBuilder(NA, false);
    b.reserve(5000);
    for (let i = 0; i < 4900; i++) b.pushField(String(i), 0, String(i).length);
    const kept = b.finish() as Float64Array;
    // Then the column is a view of the reserved buffer (no copy): 4900 values in 5000 slots
    expect(kept.length).toBe(4900);
    expect(kept.buffer.byteLength).toBe(5000 * 8);
    expect(kept[4899]).toBe(4899);
    // And 10 values in the default 1024 slots are copied to their length
    const few = build(Array.from({ length: 10 }, (_, i) => String(i))) as Float64Array;
    expect(few.buffer.byteLength).toBe(10 * 8);
  });

  it('grows past a reservation that was too small', () => {
    const b = new ColumnBuilder(NA, true);
    b.reserve(2000);
    for (let i = 0; i < 5000; i++) b.pushString(`v${i % 3}`);
    const column = b.finish() as DictionaryColumn;
    expect(column.length).toBe(5000);
    expect(column.at(4998)).toBe('v0');
    expect(column.at(4999)).toBe('v1');
  });
});

describe('typeColumn on dictionary columns', () => {
  it('converts true/false text to 0/1 (each distinct value once) and keeps text that does not convert', () => {
    const flags = build(['true', 'false', null, 'TRUE']);
    expect(typeColumn(flags, undefined)).toMatchObject({ type: 'boolean', converted: true });
    expect(Array.from(typeColumn(flags, undefined).values as Float64Array)).toEqual([1, 0, Number.NaN, 1]);
    const bad = build(['yes', 'maybe']);
    expect(typeColumn(bad, 'boolean')).toMatchObject({ values: bad, converted: false });
  });
});

describe('ingestColumns', () => {
  it('reads only the columns asked for, without the target, typed as declared; the table reads the same', async () => {
    // Given a CSV with a target, an extra column and a declared boolean
    const file = tempFile(
      'x.csv',
      'species,island,mass,flag,extra\nA,Dream,3750,true,1\nB,NA,,false,2\nA,Biscoe,4000,true,3\n',
    );
    const config = makeConfig({ data: { target: 'species', task: 'classification' } });
    // When ingesting the model's input columns
    const result = await ingestColumns(file, {
      config,
      columns: ['island', 'mass', 'flag'],
      types: { island: 'categorical', mass: 'numeric', flag: 'boolean' },
    });
    // Then only those are read: text as codes, numbers and booleans as Float64
    expect(result.names).toEqual(['island', 'mass', 'flag']);
    expect(result.columns.island).toBeInstanceOf(DictionaryColumn);
    expect((result.columns.island as DictionaryColumn).toArray()).toEqual(['Dream', null, 'Biscoe']);
    expect(Array.from(result.columns.mass as Float64Array)).toEqual([3750, Number.NaN, 4000]);
    expect(Array.from(result.columns.flag as Float64Array)).toEqual([1, 0, 1]);
    // And the arquero table of ingestFile (the config's selection, target kept) reads back plain values
    const { table } = await ingestFile(file, { config });
    expect(table.columnNames()).toEqual(['species', 'island', 'mass', 'flag', 'extra']);
    expect(table.objects()[1]).toEqual({ species: 'B', island: null, mass: Number.NaN, flag: 0, extra: 2 });
  });
});
