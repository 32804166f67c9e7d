import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { featureTypeSchema } from '../../../../src/lib/config/sections/data.js';
import type { FeatureContract, InputSchema } from '../../../../src/lib/contracts.js';
import {
  encodedColumns,
  featureKind,
  featureKinds,
  fitPipeline,
  type ValidationPolicy,
} from '../../../../src/lib/data/index.js';
import { featureContract as contract } from '../../../helpers/contracts.js';
import { makeConfig } from '../helpers.js';

// One feature of every kind, with a vocabulary and several datetime parts so widths differ from 1.
const schema: InputSchema = {
  version: 1,
  features: [
    contract('x', 'numeric', { min: 0, max: 10 }),
    contract('c', 'categorical'),
    contract('b', 'boolean'),
    contract('d', 'datetime', { parts: ['year', 'month', 'dayofweek'] }),
  ],
  target: { name: 'y', task: 'classification', classes: ['no', 'yes'] },
};
const train = table({
  x: Float64Array.from([1, 2, Number.NaN, 4]),
  c: ['red', 'blue', null, 'green'],
  b: ['yes', 'no', 'yes', null],
  d: ['2020-01-01', '2021-06-15T12:00:00Z', null, '2022-12-31'],
  y: ['no', 'yes', 'no', 'yes'],
});
const pipeline = fitPipeline(train, schema, makeConfig({ data: { target: 'y' } }));
const policies: ValidationPolicy[] = [
  { onUnknownCategory: 'reject', onOutOfRange: 'reject', onMissing: 'reject' },
  { onUnknownCategory: 'warn', onOutOfRange: 'warn', onMissing: 'impute' },
];

describe('feature-kind registry', () => {
  it('has exactly one kind per FeatureType of the config enum, each under its own name', () => {
    // Given the feature types users can declare
    const types = featureTypeSchema.options;
    // Then the registry has the same keys, and each kind says which type it is
    expect(Object.keys(featureKinds).sort()).toEqual([...types].sort());
    for (const type of types) expect(featureKind(type).type).toBe(type);
  });

  it("fits every kind, and each fitted feature's width matches its output names", () => {
    // Given a pipeline fitted on one column of every registered kind (a new kind needs its column here)
    expect(pipeline.features.map((f) => f.kind).sort()).toEqual(Object.keys(featureKinds).sort());
    let width = 0;
    for (const feature of pipeline.features) {
      const kind = featureKind(feature.kind);
      // Then width() is the number of names, and the pipeline's outputs are those names in order
      expect(kind.width(feature)).toBe(kind.outputNames(feature).length);
      expect(pipeline.outputs.slice(width, width + kind.width(feature))).toEqual(kind.outputNames(feature));
      width += kind.width(feature);
    }
    expect(pipeline.width).toBe(width);
    expect(encodedColumns(pipeline, 'onehot').map((c) => c.name)).toEqual(pipeline.outputs);
  });

  it('each kind writes only inside its own columns, in both encodings', () => {
    const inputs = [1.5, 'red', 'purple', true, 'no', '2021-03-04', 17e11, null, undefined, 'oops', Number.NaN];
    const na = new Set(pipeline.na_values);
    for (const feature of pipeline.features) {
      const kind = featureKind(feature.kind);
      const onehot = kind.width(feature);
      const ordinal = kind.ordinalColumns(feature).length;
      for (const value of inputs) {
        // Given a row with sentinels on both sides of the feature's slot
        const a = new Float64Array(onehot + 2).fill(-7);
        const b = new Float64Array(ordinal + 2).fill(-7);
        // When the kind encodes a value (valid, missing or wrong) at position 1
        kind.encode(feature, value, a.fill(0, 1, onehot + 1), 1, na, () => {});
        kind.encodeOrdinal(feature, value, b, 1, na);
        // Then the sentinels are untouched and every slot of its own is written (never left at -7)
        expect([a[0], a[onehot + 1], b[0], b[ordinal + 1]]).toEqual([-7, -7, -7, -7]);
        expect(Array.from(b.subarray(1, ordinal + 1)).every((v) => v !== -7)).toBe(true);
        expect(Array.from(a.subarray(1, onehot + 1)).every((v) => Number.isFinite(v))).toBe(true);
      }
    }
  });

  it("each kind's request schema accepts its own example value and rejects an object", () => {
    for (const f of schema.features) {
      const kind = featureKind(f.type);
      for (const policy of policies) {
        expect(kind.requestSchema(f, policy).safeParse(kind.example(f)).success).toBe(true);
        expect(kind.requestSchema(f, policy).safeParse({ a: 1 }).success).toBe(false);
      }
    }
  });

  it("each kind's check passes its own train column and names a wrong type in its own words", () => {
    const na = new Set(pipeline.na_values);
    for (const f of schema.features) {
      const kind = featureKind(f.type);
      const values = train.array(f.name) as ArrayLike<unknown>;
      expect(kind.check(f, values, { na, maxCategories: 100 })).toEqual([]);
      const bad = kind.check(f, [{ not: 'a value' }], { na, maxCategories: 100 });
      if (f.type === 'categorical') expect(bad).toEqual([]);
      else expect(bad.map((v) => v.message)).toEqual([`1 value(s) are not ${kind.plural}`]);
    }
  });

  it('only numeric (range) and categorical (vocabulary) features have warn-mode checks', () => {
    const warn = policies[1] as ValidationPolicy;
    const withAllowed = (f: FeatureContract) => ({ ...f, allowed: f.type === 'categorical' ? ['red'] : null });
    const checks = schema.features.map((f) => featureKind(f.type).warning(withAllowed(f), warn));
    expect(checks.map((c) => c !== null)).toEqual([true, true, false, false]);
    expect(checks[0]?.(11)).toBe('out_of_range');
    expect(checks[0]?.(5)).toBeNull();
    expect(checks[1]?.('blue')).toBe('unknown_category');
    expect(checks[1]?.(null)).toBeNull();
  });
});
