import { describe, expect, it } from 'vitest';
import {
  checkShaped,
  type RowBlock,
  shapedText,
  shapedTexts,
  sliceBlock,
} from '../../../src/lib/prediction-store/row-block.js';
import {
  blockRows,
  packRange,
  rowCount,
  toRowBlock,
  toStoreRow,
  unpackRuns,
} from '../../../src/lib/prediction-store/rows.js';
import type { PredictionRecord, RelayedRows } from '../../../src/lib/prediction-store/types.js';

/** Every object's text from its ShapedTexts, next to JSON.stringify's. */
function texts(objects: readonly unknown[]): { ours: string[]; json: string[] } {
  const shaped = shapedTexts(objects);
  if (!shaped) throw new Error('expected a shape');
  checkShaped(shaped, objects.length);
  return { ours: objects.map((_, i) => shapedText(shaped, i)), json: objects.map((o) => JSON.stringify(o)) };
}

describe('shaped texts (a batch request as columns)', () => {
  it("writes exactly JSON.stringify's text for rows of one shape: numbers, nulls, strings that need escapes, booleans, nested objects", () => {
    const rows = [
      { island: 'Biscoe', bill_length_mm: 46.1, flipper_length_mm: 211, sex: 'FEMALE', ok: true },
      { island: 'Dream "north"', bill_length_mm: null, flipper_length_mm: -0, sex: null, ok: false },
      { island: 'Torgersen\n\u2028é\ud800', bill_length_mm: 1e21, flipper_length_mm: 0.1 + 0.2, sex: 7, ok: true },
      { island: 'Biscoe', bill_length_mm: Number.NaN, flipper_length_mm: -1.5e-7, sex: 'MALE', ok: null },
      { island: 'Biscoe', bill_length_mm: Number.POSITIVE_INFINITY, flipper_length_mm: 3, sex: 'MALE', ok: true },
    ];
    const { ours, json } = texts(rows);
    expect(ours).toEqual(json);
    const predictions = [
      { label: 'Adelie', probabilities: { Adelie: 0.9876543283462524, Chinstrap: 0.01, Gentoo: 0.0023456 } },
      { label: 'Gentoo', probabilities: { Adelie: 1e-9, Chinstrap: 0, Gentoo: 0.999999999 } },
      { label: 'Adelie', probabilities: { Adelie: 0.5, Chinstrap: 0.25, Gentoo: 0.25 } },
    ];
    expect(texts(predictions).ours).toEqual(texts(predictions).json);
    const odd = [
      { '2': 'a', '1': 'b', x: {}, 'quo"te': { deep: { n: 1 } } },
      { '2': 'c', '1': 'd', x: {}, 'quo"te': { deep: { n: 2 } } },
    ];
    expect(texts(odd).ours).toEqual(texts(odd).json);
    expect(texts([{}, {}]).ours).toEqual(['{}', '{}']);
  });

  it('keeps each distinct text once per column (a categorical column is codes, not a string a row)', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ island: ['Biscoe', 'Dream', 'Torgersen'][i % 3], x: i }));
    const shaped = shapedTexts(rows);
    const island = shaped?.columns[0];
    expect(island?.kind).toBe('text');
    expect(island?.kind === 'text' && island.texts).toEqual(['"Biscoe"', '"Dream"', '"Torgersen"']);
    expect(shaped?.columns[1]?.kind).toBe('number');
  });

  it('declines objects not all of the first one’s shape (the rows are then encoded one by one)', () => {
    const base = { a: 1, b: 'x' };
    for (const other of [
      { b: 'x', a: 1 }, // another key order
      { a: 1 }, // a key missing
      { a: 1, b: 'x', c: 2 }, // a key more
      { a: 'one', b: 'x' }, // a string where the first has a number
      { a: 1, b: { nested: true } }, // an object where the first has a scalar
      { a: 1, b: [1, 2] }, // an array
      { a: 1, b: undefined }, // a value JSON leaves out
      { a: 1, b: new Date(0) }, // a value with toJSON
    ])
      expect(shapedTexts([base, other]), JSON.stringify(other)).toBeNull();
    expect(shapedTexts([{ a: 1, f: () => 1 }])).toBeNull();
    expect(shapedTexts([{ a: [1] }])).toBeNull();
    expect(shapedTexts([1, 2])).toBeNull();
  });

  it('refuses columns that do not fit the block (a message that is not what the main thread sent)', () => {
    const shaped = shapedTexts([{ a: 1, b: 'x' }]);
    if (!shaped) throw new Error('expected a shape');
    expect(() => checkShaped(shaped, 2)).toThrow(/1 rows, not its 2/);
    expect(() => checkShaped({ ...shaped, pieces: ['{'] }, 1)).toThrow(/pieces/);
  });
});

describe('row blocks (a batch request in the write queue)', () => {
  const records = (n: number, over: (i: number) => Partial<PredictionRecord> = () => ({})): PredictionRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      ts: 5,
      requestId: 'req',
      modelName: 'penguins',
      modelVersion: '3',
      inputs: { island: i % 2 ? 'Dream' : 'Biscoe', body_mass_g: 3000 + i },
      outputs: { label: 'Adelie', probabilities: { Adelie: 0.5 + i / 1e4, Gentoo: 0.5 - i / 1e4 } },
      latencyMs: 1.25,
      ...over(i),
    }));

  it("unpacks into the request's rows: their JSON texts, shared fields and uids that are new and in order", () => {
    const recs = records(300);
    const block = toRowBlock(recs);
    if (!block) throw new Error('expected a block');
    const rows = unpackRuns([block]);
    expect(rows).toEqual(blockRows(block));
    expect(rows.map((r) => r.inputs)).toEqual(recs.map((r) => JSON.stringify(r.inputs)));
    expect(rows.map((r) => r.outputs)).toEqual(recs.map((r) => JSON.stringify(r.outputs)));
    expect(rows[7]).toMatchObject({
      ts: 5,
      requestId: 'req',
      modelName: 'penguins',
      modelVersion: '3',
      latencyMs: 1.25,
    });
    const uids = rows.map((r) => r.uid);
    expect(new Set(uids).size).toBe(300);
    expect([...uids].sort()).toEqual(uids);
    // The next block's uids come after these
    const next = unpackRuns([toRowBlock(records(2)) as NonNullable<ReturnType<typeof toRowBlock>>]);
    expect((next[0]?.uid ?? '') > (uids[299] ?? '')).toBe(true);
  });

  it('relayed rows (text rows and blocks) split into row ranges without losing, doubling or reordering a row', () => {
    const block = toRowBlock(records(10)) as RowBlock;
    const text = (i: number) => toStoreRow({ ...records(1)[0], requestId: `single-${i}` } as PredictionRecord);
    const items: RelayedRows[] = [text(0), block, text(1), text(2)];
    expect(rowCount(items)).toBe(13);
    const all = unpackRuns(packRange(items, 0, 13));
    expect(all.map((r) => r.requestId)).toEqual(['single-0', ...Array(10).fill('req'), 'single-1', 'single-2']);
    // Any cut into ranges gives back the same rows (uids included)
    for (const cut of [1, 4, 11, 12]) {
      const parts = [...unpackRuns(packRange(items, 0, cut)), ...unpackRuns(packRange(items, cut, 13))];
      expect(parts).toEqual(all);
    }
    expect(unpackRuns([sliceBlock(block, 3, 7)])).toEqual(blockRows(block).slice(3, 7));
  });

  it('is not made for records that do not share their request fields, or whose inputs differ in shape', () => {
    expect(toRowBlock(records(3, (i) => ({ ts: i })))).toBeNull();
    expect(toRowBlock(records(3, (i) => ({ latencyMs: i })))).toBeNull();
    expect(toRowBlock(records(3, (i) => (i === 2 ? { inputs: { island: 'Dream' } } : {})))).toBeNull();
    expect(toRowBlock([])).toBeNull();
  });
});
