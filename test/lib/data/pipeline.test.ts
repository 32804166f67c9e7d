import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputSchema } from '../../../src/lib/contracts.js';
import {
  classLabels,
  decodeTarget,
  encodeTarget,
  fitPipeline,
  transformRows,
  transformTable,
} from '../../../src/lib/data/index.js';
import { isNearConstant } from '../../../src/lib/data/pipeline/fit-numeric.js';
import { makeConfig } from './helpers.js';

const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'x', type: 'numeric', required: true, min: null, max: null, allowed: null },
    { name: 'c', type: 'categorical', required: true, min: null, max: null, allowed: null },
    { name: 'b', type: 'boolean', required: true, min: null, max: null, allowed: null },
    { name: 'd', type: 'datetime', required: true, min: null, max: null, allowed: null, parts: ['year', 'month'] },
  ],
  target: { name: 'y', task: 'classification', classes: ['no', 'yes'] },
};
const config = makeConfig({ data: { target: 'y' } });
const train = table({
  x: Float64Array.from([1, 2, 3, Number.NaN, 5]),
  c: ['red', 'blue', 'red', null, 'green'],
  b: Float64Array.from([1, 0, 1, 1, Number.NaN]),
  d: Float64Array.from([
    Date.UTC(2020, 0, 1),
    Date.UTC(2021, 5, 1),
    Number.NaN,
    Date.UTC(2022, 11, 1),
    Date.UTC(2020, 2, 1),
  ]),
  y: ['no', 'yes', 'no', 'yes', 'no'],
});

describe('fitPipeline + transform', () => {
  const pipeline = fitPipeline(train, schema, config);

  it('fits impute values, scaler, vocabularies and output names on train', () => {
    expect(pipeline.outputs).toEqual(['x', 'c=blue', 'c=green', 'c=red', 'b', 'd.year', 'd.month']);
    const [x, c, b] = pipeline.features;
    expect(x).toMatchObject({ kind: 'numeric', step: { impute: 2.5 } });
    expect(c).toMatchObject({ kind: 'categorical', impute: 'red', categories: ['blue', 'green', 'red'] });
    expect(b).toMatchObject({ kind: 'boolean', impute: 1 });
  });

  it('standard-scales train columns to mean 0 and std 1', () => {
    const { x, width, rows } = transformTable(pipeline, train);
    for (const col of [0, 5, 6]) {
      const values = Array.from({ length: rows }, (_, r) => x[r * width + col] as number);
      const mean = values.reduce((a, v) => a + v, 0) / rows;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / rows);
      expect(mean).toBeCloseTo(0, 5);
      expect(std).toBeCloseTo(1, 5);
    }
  });

  it('transformRows and transformTable give the same matrix (one implementation)', () => {
    const rows = train.objects() as Record<string, unknown>[];
    expect(transformRows(pipeline, rows).x).toEqual(transformTable(pipeline, train).x);
  });

  it('maps unseen categories to all zeros with an issue; bad types are imputed with an issue', () => {
    const result = transformRows(pipeline, [{ x: 'oops', c: 'purple', b: 'yes', d: '2021-03-04' }]);
    expect(Array.from(result.x.slice(1, 4))).toEqual([0, 0, 0]);
    expect(result.issues.map((i) => [i.feature, i.kind])).toEqual([
      ['x', 'type'],
      ['c', 'unknown_category'],
    ]);
    expect(result.x[4]).toBe(1);
  });

  it('reports missing values and columns, imputing them', () => {
    const result = transformTable(pipeline, table({ x: [null] }));
    expect(result.issues.map((i) => i.kind)).toEqual(['missing', 'missing', 'missing', 'missing']);
    expect(result.x[3]).toBe(1); // c imputed to its most frequent level, red
    expect(transformRows(pipeline, [{}], { reportMissing: false }).issues).toEqual([]);
  });

  it('encodes and decodes the target', () => {
    expect(Array.from(encodeTarget(pipeline, ['yes', 'no']))).toEqual([1, 0]);
    expect(decodeTarget(pipeline, [0, 1])).toEqual(['no', 'yes']);
    expect(classLabels(pipeline)).toEqual(['no', 'yes']);
    expect(() => encodeTarget(pipeline, ['maybe'])).toThrow(/not one of the classes/);
  });

  it('scales a regression target and un-scales predictions', () => {
    const reg = fitPipeline(
      table({ x: [1, 2, 3], y: Float64Array.from([10, 20, 30]) }),
      {
        ...schema,
        features: [schema.features[0] as InputSchema['features'][number]],
        target: { name: 'y', task: 'regression', classes: null },
      },
      config,
    );
    const encoded = encodeTarget(reg, [10, 20, 30]);
    expect(encoded[1]).toBeCloseTo(0);
    expect(decodeTarget(reg, Array.from(encoded)).map((v) => Math.round(Number(v)))).toEqual([10, 20, 30]);
  });
});

describe('pipeline properties (fast-check)', () => {
  const value = fc.oneof(
    fc.double({ noDefaultInfinity: true }),
    fc.constant(null),
    fc.string({ maxLength: 4 }),
    fc.boolean(),
    fc.constant(undefined),
  );
  const trainRows = fc.array(
    fc.record({
      x: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      c: fc.option(fc.constantFrom('a', 'b', 'c')),
    }),
    { minLength: 1, maxLength: 40 },
  );
  const small: InputSchema = { ...schema, features: schema.features.slice(0, 2) };

  it('any input: constant width, finite outputs, never throws (unseen categories included)', () => {
    fc.assert(
      fc.property(trainRows, fc.array(fc.record({ x: value, c: value }), { maxLength: 20 }), (rows, inputs) => {
        const fitted = fitPipeline(
          table({ x: Float64Array.from(rows, (r) => r.x ?? Number.NaN), c: rows.map((r) => r.c) }),
          small,
          config,
        );
        const out = transformRows(fitted, inputs);
        expect(out.width).toBe(fitted.width);
        expect(out.x.length).toBe(inputs.length * fitted.width);
        for (const v of out.x) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  const normalDouble = fc
    .double({ min: -1e4, max: 1e4, noNaN: true })
    .filter((x) => x === 0 || Math.abs(x) >= Number.MIN_VALUE * 2 ** 52);

  it('a column with a tiny spread (near the float64 underflow) still scales to std 1', () => {
    const xs = [0, 3.1434555694052576e-162];
    const t = table({ x: Float64Array.from(xs), c: xs.map(() => 'a') });
    const out = transformTable(fitPipeline(t, small, config), t);
    expect([out.x[0], out.x[out.width]]).toEqual([-1, 1]);
  });

  it('fit → transform on train gives mean ≈ 0, std ≈ 1 for a standard-scaled column', () => {
    fc.assert(
      // Subnormal doubles (below 2.2e-308) carry too few bits for any float arithmetic to be exact.
      fc.property(fc.array(normalDouble, { minLength: 2, maxLength: 60 }), (xs) => {
        const t = table({ x: Float64Array.from(xs), c: xs.map(() => 'a') });
        const out = transformTable(fitPipeline(t, small, config), t);
        const col = Array.from({ length: xs.length }, (_, r) => out.x[r * out.width] as number);
        const mean = col.reduce((a, v) => a + v, 0) / col.length;
        const std = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length);
        const rawMean = xs.reduce((a, v) => a + v, 0) / xs.length;
        const rawStd = Math.sqrt(xs.reduce((a, v) => a + (v - rawMean) ** 2, 0) / xs.length);
        // Centring is exact only to the rounding of the mean (~n·ε·|mean|), which the scale divides: a column
        // whose spread is just above the near-constant threshold (e.g. [-9999.99999999928, -9999.999999997885])
        // keeps that relative error, in scikit-learn as here.
        const slack = rawStd > 0 ? (4 * xs.length * Number.EPSILON * Math.abs(rawMean)) / rawStd : 0;
        expect(Math.abs(mean)).toBeLessThan(1e-3 + slack);
        const nearConstant = isNearConstant(rawStd, rawMean, xs.length);
        if (new Set(xs).size > 1 && !nearConstant) expect(Math.abs(std - 1)).toBeLessThan(0.005 + slack);
      }),
      { numRuns: 200 },
    );
  });
});
