import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp, postJson, testSchema } from './helpers.js';

const featureNames = testSchema.features.map((f) => f.name);

/** Instances whose keys are mostly real feature names and whose values are anything JSON can carry. */
const arbitraryInstance = fc.dictionary(fc.oneof(fc.constantFrom(...featureNames), fc.string()), fc.jsonValue(), {
  maxKeys: 5,
});
/** Near-valid instances: right keys, values that are often right (any double, including huge ones). */
const nearValid = fc.record(
  {
    bill_length_mm: fc.oneof(fc.double(), fc.integer(), fc.jsonValue()),
    island: fc.oneof(fc.constantFrom('Biscoe', 'Dream', 'Torgersen'), fc.string()),
    sex: fc.oneof(fc.constantFrom('female', 'male', null), fc.jsonValue()),
  },
  { requiredKeys: ['bill_length_mm', 'island'] },
);
const instance = fc.oneof(arbitraryInstance, nearValid);
const body = fc.oneof(
  fc.jsonValue(),
  instance,
  fc.record({ instances: fc.array(instance, { maxLength: 5 }) }),
  fc.record({ instances: fc.jsonValue() }),
);

describe('POST /v1/predict never answers 500 to any input', () => {
  it('arbitrary JSON bodies get 200 or a 4xx with the error shape', async () => {
    const { app } = await createTestApp();
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await postJson(app, '/v1/predict', payload);
        const json = (await res.json()) as { predictions?: unknown[]; error?: { code: string } };
        if (res.status === 200) {
          ok++;
          expect(Array.isArray(json.predictions)).toBe(true);
        } else {
          expect([400, 422]).toContain(res.status);
          expect(json.error?.code).toMatch(/^(INVALID_INPUT|MALFORMED_JSON)$/);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(ok).toBeGreaterThan(0); // the property also reached the model, not only the validator
  });

  it('arbitrary text bodies get 200, 400 or 422', async () => {
    const { app } = await createTestApp();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const res = await postJson(app, '/v1/predict', text);
        expect([200, 400, 422]).toContain(res.status);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
