import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import type { InputSchema } from '../../../../src/lib/contracts.js';
import {
  type ColumnSource,
  encodeColumns,
  encodedColumns,
  encodeRows,
  fitPipeline,
  ingestFile,
  tableSource,
  transformColumns,
  transformRows,
  transformTable,
} from '../../../../src/lib/data/index.js';
import { makeConfig, tempFile } from '../helpers.js';

const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'x', type: 'numeric', required: true, min: null, max: null, allowed: null },
    { name: 'c', type: 'categorical', required: true, min: null, max: null, allowed: null },
    { name: 'b', type: 'boolean', required: true, min: null, max: null, allowed: null },
    {
      name: 'd',
      type: 'datetime',
      required: true,
      min: null,
      max: null,
      allowed: null,
      parts: ['year', 'month', 'day', 'dayofweek', 'hour', 'epoch_days'],
    },
  ],
  target: { name: 'y', task: 'classification', classes: ['no', 'yes'] },
};
const train = table({
  x: Float64Array.from([10, 20, 30, Number.NaN]),
  c: ['red', 'blue', 'green', null],
  b: Float64Array.from([1, 0, 1, Number.NaN]),
  d: Float64Array.from([Date.UTC(2020, 0, 1), Date.UTC(2021, 5, 1), Number.NaN, Date.UTC(2022, 11, 1)]),
  y: ['no', 'yes', 'no', 'yes'],
});
const config = makeConfig({ data: { target: 'y' } });
const pipeline = fitPipeline(train, schema, config);
const NaN6 = Array(6).fill(Number.NaN);

/** The ordinal row of one record. */
const ordinal = (row: Record<string, unknown>) => Array.from(encodeRows(pipeline, [row], 'ordinal').x);

describe('ordinal encoding (tree models)', () => {
  it('has one column per feature (a datetime: one per part), categorical ones with their vocabulary size', () => {
    const { columns, width } = encodeRows(pipeline, [], 'ordinal');
    expect(columns).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'c', kind: 'categorical', categories: 3 },
      { name: 'b', kind: 'numeric' },
      ...['year', 'month', 'day', 'dayofweek', 'hour', 'epoch_days'].map((p) => ({ name: `d.${p}`, kind: 'numeric' })),
    ]);
    expect(width).toBe(9);
    expect(encodedColumns(pipeline, 'ordinal')).toEqual(columns);
  });

  it('numeric: the raw value, neither imputed nor scaled; NaN when missing or not a number', () => {
    // Given a pipeline whose numeric step would impute 20 and standard-scale
    expect(pipeline.features[0]).toMatchObject({ step: { impute: 20 } });
    // Then ordinal keeps the raw number and leaves missing values missing
    expect([12.5, '7', null, '', 'NA', Number.NaN, 'oops', undefined].map((x) => ordinal({ x })[0])).toEqual([
      12.5,
      7,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('categorical: the index in the fitted (sorted) vocabulary; NaN when missing or unseen', () => {
    // Same as scikit-learn: OrdinalEncoder(categories=[['blue', 'green', 'red']],
    // handle_unknown='use_encoded_value', unknown_value=nan, encoded_missing_value=nan)
    // .transform([['red'], ['blue'], [None], ['purple'], ['green']]) == [2, 0, nan, nan, 1]
    expect(['red', 'blue', null, 'purple', 'green'].map((c) => ordinal({ c })[1])).toEqual([
      2,
      0,
      Number.NaN,
      Number.NaN,
      1,
    ]);
  });

  it('boolean: 1 / 0, NaN when missing or not a boolean (no majority imputation)', () => {
    expect([true, 'no', 'YES', 0, null, 'maybe'].map((b) => ordinal({ b })[2])).toEqual([
      1,
      0,
      1,
      0,
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('datetime: the raw parts in UTC (unscaled); every part NaN when missing or not a date', () => {
    // 2021-03-04 was a Thursday: dayofweek 3 with Monday = 0 (as pandas)
    const ms = Date.UTC(2021, 2, 4, 5, 6, 7);
    const parts = [2021, 3, 4, 3, 5, Math.floor(ms / 86_400_000)];
    expect(ordinal({ d: '2021-03-04T05:06:07Z' }).slice(3)).toEqual(parts);
    expect(ordinal({ d: ms }).slice(3)).toEqual(parts);
    expect(ordinal({ d: null }).slice(3)).toEqual(NaN6);
    expect(ordinal({ d: 'not a date' }).slice(3)).toEqual(NaN6);
    expect(ordinal({}).slice(3)).toEqual(NaN6);
  });

  it('a missing_level vocabulary counts the level, but missing values still encode as NaN', () => {
    const withLevel = fitPipeline(
      train,
      schema,
      makeConfig({ data: { target: 'y' }, preprocess: { categorical: { impute: 'missing_level' } } }),
    );
    const { x, columns } = encodeRows(withLevel, [{ c: null }, { c: 'red' }], 'ordinal');
    expect(columns[1]).toEqual({ name: 'c', kind: 'categorical', categories: 4 });
    expect([x[1], x[9 + 1]]).toEqual([Number.NaN, 2]);
  });

  it('columns and records give the same matrix; a column the source lacks is all NaN', () => {
    const rows = train.objects() as Record<string, unknown>[];
    expect(encodeColumns(pipeline, tableSource(train), 'ordinal')).toEqual(encodeRows(pipeline, rows, 'ordinal'));
    // Given a plain ColumnSource with only `x`
    const source: ColumnSource = { rows: 2, column: (name) => (name === 'x' ? [3, null] : undefined) };
    const { x, rows: n } = encodeColumns(pipeline, source, 'ordinal');
    expect(n).toBe(2);
    expect(Array.from(x)).toEqual([3, ...Array(8).fill(Number.NaN), Number.NaN, ...Array(8).fill(Number.NaN)]);
  });
});

describe('onehot encoding through encodeRows / encodeColumns', () => {
  const inputs: Record<string, unknown>[] = [
    { x: 15, c: 'red', b: true, d: '2021-03-04' },
    { x: 'oops', c: 'purple', b: null },
    {},
  ];

  it('is the float64 form of transformRows / transformTable (same values once stored as float32)', () => {
    const encoded = encodeRows(pipeline, inputs, 'onehot');
    expect(encoded.width).toBe(pipeline.width);
    expect(encoded.columns).toEqual(pipeline.outputs.map((name) => ({ name, kind: 'numeric' })));
    expect(Float32Array.from(encoded.x)).toEqual(transformRows(pipeline, inputs).x);
    const fromTable = encodeColumns(pipeline, tableSource(train), 'onehot');
    expect(Float32Array.from(fromTable.x)).toEqual(transformTable(pipeline, train).x);
  });
});

describe('dictionary-coded columns (encoded once per distinct value)', () => {
  it('give the same matrices and problems as the same values read one by one', async () => {
    // Given a dictionary-coded text column from a CSV read: known, unseen, missing and NA labels
    const labels = ['red', 'blue', '', 'purple', 'green', 'NA', 'red', 'blue', 'purple', 'red'];
    const csv = `x,c,b,d,y\n${labels.map((c, i) => `${i},${c},1,2021-06-0${(i % 9) + 1},no`).join('\n')}\n`;
    const read = await ingestFile(tempFile('dict.csv', csv), {
      config: makeConfig({ data: { target: 'y', na_values: ['', 'NA'] } }),
      types: { x: 'numeric', c: 'categorical', b: 'boolean', d: 'datetime' },
    });
    const source = tableSource(read.table);
    expect(source.distinct?.('c')).toBeDefined();
    const valueByValue: ColumnSource = { rows: source.rows, column: (name) => source.column(name) };

    // When it is encoded through the distinct values and value by value, Then every cell and issue agrees
    for (const encoding of ['onehot', 'ordinal'] as const)
      expect(Array.from(encodeColumns(pipeline, source, encoding).x)).toEqual(
        Array.from(encodeColumns(pipeline, valueByValue, encoding).x),
      );
    const fast = transformTable(pipeline, read.table);
    const slow = transformColumns(pipeline, valueByValue);
    expect(Array.from(fast.x)).toEqual(Array.from(slow.x));
    expect(fast.issues).toEqual(slow.issues);
    expect(fast.issues.map((i) => [i.row, i.kind])).toEqual([
      [2, 'missing'],
      [3, 'unknown_category'],
      [5, 'missing'],
      [8, 'unknown_category'],
    ]);
  });
});

describe('number columns (encoded without a call per value)', () => {
  it('give the same one-hot matrix and problems, row by row, as the same values as records', () => {
    // Given a Float64Array column with missing, infinite and out-of-float32 values among plain ones
    const xs = [1.5, Number.NaN, 42, Number.POSITIVE_INFINITY, -1e300, Number.NEGATIVE_INFINITY, 0, -0, 7e38];
    const rows = xs.map((x) => ({ x, c: 'red', b: 1, d: Date.UTC(2021, 0, 1) }));
    const source: ColumnSource = {
      rows: xs.length,
      column: (name) =>
        name === 'x' ? Float64Array.from(xs) : rows.map((r) => r[name as keyof (typeof rows)[number]]),
    };
    // When transformed as columns (the bulk path) and as records (value by value)
    const bulk = transformColumns(pipeline, source);
    const byValue = transformRows(pipeline, rows);
    // Then the cells and the issues (row, feature, kind, message) are the same
    expect(Array.from(bulk.x)).toEqual(Array.from(byValue.x));
    expect(bulk.issues).toEqual(byValue.issues);
    expect(bulk.issues.filter((i) => i.feature === 'x').map((i) => [i.row, i.kind])).toEqual([
      [1, 'missing'],
      [3, 'type'],
      [5, 'type'],
    ]);
  });
});
