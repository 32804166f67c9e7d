import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputSchema } from '../../../../src/lib/contracts.js';
import { buildFastPath } from '../../../../src/lib/serving/validation/fast-path.js';
import {
  buildRequestSchemas,
  type RequestSchemaOptions,
} from '../../../../src/lib/serving/validation/request-schema.js';
import { featureContract as feature } from '../../../helpers/contracts.js';

/** Every feature kind, required and optional, ranged and open, listed and free categories. */
const schema: InputSchema = {
  version: 1,
  target: { name: 'y', task: 'regression', classes: null },
  features: [
    feature('n', 'numeric', { min: 0, max: 10 }),
    feature('open', 'numeric', { required: false }),
    feature('c', 'categorical', { allowed: ['a', 'b', 3] }),
    feature('free', 'categorical', { required: false }),
    feature('soft', 'categorical', { required: false, allowed: ['x'], limits: 'soft' }),
    feature('flag', 'boolean', { required: false }),
    feature('when', 'datetime', { required: false }),
  ],
};

const policies: RequestSchemaOptions[] = [
  { onUnknownCategory: 'reject', onOutOfRange: 'reject', onMissing: 'reject', maxBatch: 4, onUnknownField: 'reject' },
  { onUnknownCategory: 'warn', onOutOfRange: 'warn', onMissing: 'impute', maxBatch: 4, onUnknownField: 'ignore' },
  { onUnknownCategory: 'reject', onOutOfRange: 'warn', onMissing: 'impute', maxBatch: 4, onUnknownField: 'reject' },
];

const names = schema.features.map((f) => f.name);
/** Values at the edges of what each kind accepts. */
const edgy = fc.oneof(
  fc.constantFrom(0, 10, 10.000001, -0, -1, 1e15, -1e15, 1e16, Number.NaN, Number.POSITIVE_INFINITY, 3, '3'),
  fc.constantFrom('a', 'b', 'x', 'A', '', 'x'.repeat(256), 'x'.repeat(257), '2024-05-01T10:00:00Z', 'soon'),
  fc.constantFrom(true, false, null, undefined, [], {}, 1_700_000_000_000),
  fc.double(),
  fc.string(),
  fc.jsonValue(),
);
const valid = fc.record(
  {
    n: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(null)),
    open: fc.oneof(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.constant(null)),
    c: fc.constantFrom('a', 'b', 3),
    free: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()),
    soft: fc.constantFrom('x', 'y', null),
    flag: fc.boolean(),
    when: fc.constantFrom('2024-05-01T10:00:00Z', 1_700_000_000_000),
  },
  { requiredKeys: ['n', 'c'] },
);
/** A valid instance with one value replaced by an edgy one. */
const nearValid = fc
  .tuple(valid, fc.constantFrom(...names), edgy)
  .map(([row, key, value]) => ({ ...row, [key]: value }));
const instance = fc.oneof(
  valid,
  nearValid,
  fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.constantFrom('extra', '__proto__')), edgy, { maxKeys: 8 }),
);
const body = fc.oneof(
  instance,
  fc.record({ instances: fc.array(instance, { maxLength: 6 }) }),
  fc.record({ instances: fc.array(valid, { minLength: 1, maxLength: 4 }) }),
  fc.record({ instances: fc.array(valid, { minLength: 1, maxLength: 2 }), other: fc.jsonValue() }),
);

describe('buildFastPath (the plain-function twin of the request schemas)', () => {
  for (const policy of policies) {
    const label = `${policy.onOutOfRange}/${policy.onMissing}/unknown fields ${policy.onUnknownField}`;
    const schemas = buildRequestSchemas(schema, policy);
    const fast = buildFastPath(schema, policy);

    it(`never accepts what zod refuses, and returns zod's rows (${label})`, () => {
      expect(fast).not.toBeNull();
      let accepted = 0;
      fc.assert(
        fc.property(body, (payload) => {
          // What a request body is: JSON text parsed (no undefined, no prototype tricks).
          const parsed = JSON.parse(JSON.stringify(payload)) as object;
          const isBatch = Object.hasOwn(parsed, 'instances');
          const rows = fast?.(parsed, isBatch) ?? null;
          if (rows === null) return;
          accepted++;
          const zod = (isBatch ? schemas.batch : schemas.instance).safeParse(parsed);
          expect(zod.success).toBe(true);
          const expected = isBatch ? (zod.data as { instances: unknown[] }).instances : [zod.data];
          expect(rows).toEqual(expected);
        }),
        { numRuns: 600, seed: 42 },
      );
      // The property means something only if the fast path is taken often.
      expect(accepted).toBeGreaterThan(50);
    });
  }

  it('accepts valid JSON bodies, the instances themselves when they hold features only', () => {
    const fast = buildFastPath(schema, policies[2] as RequestSchemaOptions);
    const parsed = JSON.parse('{"instances":[{"n":1,"c":"a"},{"n":null,"c":3,"flag":true}]}') as {
      instances: object[];
    };
    const rows = fast?.(parsed, true);
    expect(rows?.[0]).toBe(parsed.instances[0]);
    expect(rows).toEqual([
      { n: 1, c: 'a' },
      { n: null, c: 3, flag: true },
    ]);
  });

  it('leaves to zod what it does not plainly accept: unknown keys (refused), absent required keys, too many rows', () => {
    const [strict, lenient] = policies as [RequestSchemaOptions, RequestSchemaOptions];
    const fast = buildFastPath(schema, strict);
    expect(fast?.({ n: 1, c: 'a', extra: 1 }, false)).toBeNull();
    expect(fast?.({ c: 'a' }, false)).toBeNull();
    expect(fast?.({ instances: Array.from({ length: 5 }, () => ({ n: 1, c: 'a' })) }, true)).toBeNull();
    expect(fast?.(Object.create({ n: 1, c: 'a' }) as object, false)).toBeNull();
    // Unknown keys ignored: a copy without them.
    expect(buildFastPath(schema, lenient)?.({ n: 1, c: 'a', extra: 1 }, false)).toEqual([{ n: 1, c: 'a' }]);
  });
});
