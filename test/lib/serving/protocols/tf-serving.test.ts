import { describe, expect, it } from 'vitest';
import { CLASSES, createTestApp, postJson } from '../helpers.js';
import { expectedValue, numericPredictor } from './numeric-model.js';
import { tfServing } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: protocol answers are walked structurally; the spec validators check their shape
type Json = Record<string, any>;

/**
 * The request examples of TF Serving's RESTful API (api_rest.md, "Request format"): the row format
 * (`instances`, a list of objects of named inputs) and the columnar format (`inputs`, input name → a list
 * with one value per row), with the doc's inputs tag/signal/sensor replaced by this model's features.
 */
const ROW = {
  signature_name: 'serving_default',
  instances: [
    { bill_length_mm: 39.1, island: 'Torgersen', sex: 'male' },
    { bill_length_mm: [50], island: ['Biscoe'], sex: null },
  ],
};
const COLUMNAR = {
  inputs: { bill_length_mm: [39.1, [50]], island: ['Torgersen', 'Biscoe'], sex: ['male', null] },
};

async function probabilities(app: Awaited<ReturnType<typeof createTestApp>>['app']): Promise<number[][]> {
  const body = (await (
    await postJson(app, '/v1/predict', {
      instances: [
        { bill_length_mm: 39.1, island: 'Torgersen', sex: 'male' },
        { bill_length_mm: 50, island: 'Biscoe', sex: null },
      ],
    })
  ).json()) as Json;
  return body.predictions.map((p: Json) => CLASSES.map((c) => p.probabilities[c]));
}

describe('TF Serving REST: model status and metadata', () => {
  it.each(['/v1/models/penguins', '/v1/models/penguins/versions/3'])(
    'GET %s answers the status of the served version',
    async (path) => {
      const { app } = await createTestApp();
      const body = (await (await app.request(path)).json()) as Json;
      expect(tfServing.status(body)).toBe(true);
      expect(body).toEqual({
        model_version_status: [{ version: '3', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }],
      });
    },
  );

  it('GET .../metadata answers the serving_default signature: inputs by feature, outputs, classes', async () => {
    const { app } = await createTestApp();
    const body = (await (await app.request('/v1/models/penguins/metadata')).json()) as Json;
    const signature = body.metadata.signature_def.signature_def.serving_default;
    expect(body.model_spec).toEqual({ name: 'penguins', signature_name: '', version: '3' });
    expect(Object.keys(signature.inputs)).toEqual(['bill_length_mm', 'island', 'sex']);
    expect(signature.inputs.island.dtype).toBe('DT_STRING');
    expect(Object.keys(signature.outputs)).toEqual(['label', 'probabilities']);
    expect(body.metadata.classes).toEqual(CLASSES);
  });

  it.each([
    ['/v1/models/cats', 'GET'],
    ['/v1/models/penguins/versions/7', 'GET'],
    ['/v1/models/penguins/labels/production', 'GET'],
    ['/v1/models/cats:predict', 'POST'],
    ['/v1/models/penguins/versions/7:predict', 'POST'],
    ['/v1/models/penguins/labels/canary:predict', 'POST'],
    ['/v1/models/penguins:classify', 'POST'],
  ])('%s (%s): 404 {"error": ...}', async (path, method) => {
    const { app } = await createTestApp();
    const res = method === 'GET' ? await app.request(path) : await postJson(app, path, ROW);
    expect(res.status).toBe(404);
    expect(tfServing.error(await res.json())).toBe(true);
  });
});

describe('TF Serving REST: predict', () => {
  it('given the row format, then {"predictions": [...]}: label and class probabilities in class order', async () => {
    const { app } = await createTestApp();
    for (const path of ['/v1/models/penguins:predict', '/v1/models/penguins/versions/3:predict']) {
      const res = await postJson(app, path, ROW);
      const body = (await res.json()) as Json;
      expect(res.status).toBe(200);
      expect(tfServing.rowResponse(body)).toBe(true);
      const probs = await probabilities(app);
      expect(body.predictions).toEqual([
        { label: 'Adelie', probabilities: probs[0] },
        { label: 'Gentoo', probabilities: probs[1] },
      ]);
    }
  });

  it('given the columnar format, then {"outputs": {...}} with one list per output', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/models/penguins:predict', COLUMNAR);
    const body = (await res.json()) as Json;
    expect(tfServing.columnarResponse(body)).toBe(true);
    expect(body.outputs).toEqual({ label: ['Adelie', 'Gentoo'], probabilities: await probabilities(app) });
  });

  it('predicts by label when a registry alias points at the served version', async () => {
    const { app } = await createTestApp();
    const { app: withLabels, deps } = await createTestApp();
    deps.modelLabels = () => ['production'];
    expect((await postJson(app, '/v1/models/penguins/labels/production:predict', ROW)).status).toBe(404);
    const res = await postJson(withLabels, '/v1/models/penguins/labels/production:predict', ROW);
    expect(res.status).toBe(200);
    expect((await withLabels.request('/v1/models/penguins/labels/production')).status).toBe(200);
  });

  it('an all-numeric model takes unnamed rows (lists of numbers in schema order); a regressor answers plain values', async () => {
    const { app } = await createTestApp({ predictor: numericPredictor() });
    const rows = await postJson(app, '/v1/models/tiny:predict', {
      instances: [
        [3, 1],
        [1, -2],
      ],
    });
    expect(await rows.json()).toEqual({ predictions: [expectedValue(3, 1), expectedValue(1, -2)] });
    const columns = await postJson(app, '/v1/models/tiny:predict', { inputs: { a: [3, 1], b: [1, -2] } });
    expect(await columns.json()).toEqual({ outputs: [expectedValue(3, 1), expectedValue(1, -2)] });
  });

  it.each([
    ['both formats', { ...ROW, inputs: COLUMNAR.inputs }, "exactly one of the keys 'instances'"],
    [
      'another signature',
      { ...ROW, signature_name: 'classify_x_to_y' },
      "Serving signature name: 'classify_x_to_y' not found",
    ],
    ['an instance that is not an object', { instances: ['Torgersen'] }, 'instances[0]: expected an object'],
    [
      'a list for a model with labels',
      { instances: [[39.1, 'Dream']] },
      'instances[0]: expected {bill_length_mm, island, sex}',
    ],
    ['uneven columns', { inputs: { bill_length_mm: [39.1], island: ['Dream', 'Biscoe'] } }, 'inputs.island: 2 rows'],
    ['an unknown key', { ...ROW, examples: [] }, 'examples'],
    [
      'a value outside the contract',
      { instances: [{ ...ROW.instances[0], island: 'Atlantis' }] },
      'instances[0].island: expected one of',
    ],
    [
      'a wrong type in columns',
      { inputs: { bill_length_mm: ['long'], island: ['Dream'] } },
      'inputs.bill_length_mm[0]: expected a finite number',
    ],
  ])('given %s, then 400 {"error"} naming the field', async (_case, body, message) => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/models/penguins:predict', body);
    const answer = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(tfServing.error(answer)).toBe(true);
    expect(answer.error).toContain(message);
  });

  it('keeps our own /v1/model and /v1/predict apart from /v1/models/...', async () => {
    const { app } = await createTestApp();
    expect(((await (await app.request('/v1/model')).json()) as Json).name).toBe('penguins');
    const ours = await postJson(app, '/v1/predict', ROW.instances[0]);
    expect(((await ours.json()) as Json).model_version).toBe('3');
    const none = await app.request('/v1/modelsx');
    expect(((await none.json()) as Json).error.code).toBe('NOT_FOUND');
  });
});
