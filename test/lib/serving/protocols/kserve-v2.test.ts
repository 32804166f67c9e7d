import { describe, expect, it } from 'vitest';
import { CLASSES, createTestApp, postJson } from '../helpers.js';
import { expectedValue, numericPredictor } from './numeric-model.js';
import { oip } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: protocol answers are walked structurally; the spec validators check their shape
type Json = Record<string, any>;

/**
 * The inference request example of the Open Inference Protocol's REST spec (required_api.md,
 * "Inference Request Examples"), as printed there: two inputs (a UINT32 [2, 2] and a BOOL [3] that
 * holds one element) and one requested output.
 */
const SPEC_REQUEST = {
  id: '42',
  inputs: [
    { name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] },
    { name: 'input1', shape: [3], datatype: 'BOOL', data: [true] },
  ],
  outputs: [{ name: 'output0' }],
};

/** The same request shaped for our test model: one tensor per feature, nested [N, 1] data, one requested output. */
const PENGUINS_REQUEST = {
  id: '42',
  inputs: [
    { name: 'bill_length_mm', shape: [2, 1], datatype: 'FP64', data: [[39.1], [50]] },
    { name: 'island', shape: [2], datatype: 'BYTES', data: ['Torgersen', 'Biscoe'] },
    { name: 'sex', shape: [2], datatype: 'BYTES', data: ['male', null] },
  ],
  outputs: [{ name: 'label' }],
};

describe('KServe v2 / Open Inference Protocol: health and metadata', () => {
  it('answers server liveness, readiness and metadata as the spec shapes them', async () => {
    const { app } = await createTestApp();
    const live = await app.request('/v2/health/live');
    expect([live.status, await live.json()]).toEqual([200, { live: true }]);
    const ready = await app.request('/v2/health/ready');
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);
    const server = (await (await app.request('/v2')).json()) as Json;
    expect(oip.serverMetadata(server)).toBe(true);
    expect(server).toEqual({ name: 'mlx', version: '9.9.9', extensions: [] });
  });

  it('describes the model: one input per feature (BYTES for labels, FP64 for numbers), and its outputs', async () => {
    const { app } = await createTestApp();
    for (const path of ['/v2/models/penguins', '/v2/models/penguins/versions/3']) {
      const res = await app.request(path);
      const body = (await res.json()) as Json;
      expect(res.status).toBe(200);
      expect(oip.modelMetadata(body), JSON.stringify(oip.modelMetadata.errors)).toBe(true);
      expect(body).toEqual({
        name: 'penguins',
        versions: ['3'],
        platform: 'mlx',
        inputs: [
          { name: 'bill_length_mm', datatype: 'FP64', shape: [-1] },
          { name: 'island', datatype: 'BYTES', shape: [-1] },
          { name: 'sex', datatype: 'BYTES', shape: [-1] },
        ],
        outputs: [
          { name: 'label', datatype: 'BYTES', shape: [-1] },
          { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
        ],
      });
    }
    expect(await (await app.request('/v2/models/penguins/ready')).json()).toEqual({ name: 'penguins', ready: true });
  });

  it.each([
    ['/v2/models/cats', "Model 'cats' is not served here"],
    ['/v2/models/penguins/versions/4', "Model 'penguins' has no version '4' here"],
    ['/v2/models/cats/ready', "Model 'cats' is not served here"],
  ])('GET %s: 404 with {"error": ...}', async (path, message) => {
    const { app } = await createTestApp();
    const res = await app.request(path);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(404);
    expect(oip.error(body)).toBe(true);
    expect(body.error).toContain(message);
  });

  it('is not ready (503, {"error"}) while no model is loaded, and still live', async () => {
    const { app } = await createTestApp({ predictor: null });
    expect((await app.request('/v2/health/live')).status).toBe(200);
    for (const path of ['/v2/health/ready', '/v2/models/penguins', '/v2/models/penguins/ready']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect(oip.error(await res.json())).toBe(true);
    }
  });
});

describe('KServe v2 / Open Inference Protocol: infer', () => {
  it("given the spec's example shaped for this model, then it answers the spec's response shape, echoing the id", async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v2/models/penguins/infer', PENGUINS_REQUEST);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(oip.inferenceResponse(body), JSON.stringify(oip.inferenceResponse.errors)).toBe(true);
    expect(body).toEqual({
      model_name: 'penguins',
      model_version: '3',
      id: '42',
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [2], data: ['Adelie', 'Gentoo'] }],
    });
  });

  it('answers every output by default: labels and an [N, classes] FP32 tensor whose rows sum to 1', async () => {
    const { app } = await createTestApp();
    const { outputs: _only, ...all } = PENGUINS_REQUEST;
    const body = (await (await postJson(app, '/v2/models/penguins/versions/3/infer', all)).json()) as Json;
    const [label, probabilities] = body.outputs;
    expect(label.data).toEqual(['Adelie', 'Gentoo']);
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [2, 3] });
    expect(JSON.parse(probabilities.parameters.classes)).toEqual(CLASSES);
    expect(probabilities.data).toHaveLength(6);
    expect(probabilities.data.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    // The same numbers as our own API.
    const ours = (await (
      await postJson(app, '/v1/predict', {
        instances: [
          { bill_length_mm: 39.1, island: 'Torgersen', sex: 'male' },
          { bill_length_mm: 50, island: 'Biscoe', sex: null },
        ],
      })
    ).json()) as Json;
    expect(probabilities.data).toEqual(ours.predictions.flatMap((p: Json) => CLASSES.map((c) => p.probabilities[c])));
  });

  it('given the spec\'s example as printed (not this model\'s inputs), then 400 {"error"} naming each bad tensor', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v2/models/penguins/infer', SPEC_REQUEST);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(oip.error(body)).toBe(true);
    expect(body.error).toContain('inputs[1].data: shape [3] holds 3 elements, data has 1');
  });

  it.each([
    [
      'an unknown input',
      { inputs: [...PENGUINS_REQUEST.inputs, { name: 'colour', shape: [2], datatype: 'BYTES', data: ['a', 'b'] }] },
      "inputs[3].name: unknown input 'colour'",
    ],
    ['a missing feature', { inputs: PENGUINS_REQUEST.inputs.slice(1) }, "missing input 'bill_length_mm' (FP64 [N])"],
    [
      'rows that differ between inputs',
      { inputs: [PENGUINS_REQUEST.inputs[0], { name: 'island', shape: [1], datatype: 'BYTES', data: ['Dream'] }] },
      'inputs[1].shape: 1 rows; the other inputs have 2',
    ],
    [
      'an element of the wrong datatype',
      { inputs: [{ name: 'bill_length_mm', shape: [1], datatype: 'FP64', data: ['39.1'] }] },
      'inputs[0].data[0]: expected a FP64 element, got "39.1"',
    ],
    [
      'a value outside the contract',
      {
        inputs: [
          PENGUINS_REQUEST.inputs[0],
          { name: 'island', shape: [2], datatype: 'BYTES', data: ['Dream', 'Atlantis'] },
        ],
      },
      'inputs[1].data[1] (island): expected one of: Biscoe, Dream, Torgersen',
    ],
    ['no inputs at all', { id: 'x' }, 'inputs: '],
    [
      'an unknown requested output',
      { ...PENGUINS_REQUEST, outputs: [{ name: 'output0' }] },
      "Unknown output 'output0'",
    ],
  ])('given %s, then 400 naming the field (never a 5xx)', async (_case, request, message) => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v2/models/penguins/infer', request);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(oip.error(body)).toBe(true);
    expect(body.error).toContain(message);
  });

  it('answers 404 for another model or version, 415 for a non-JSON body, 400 for malformed JSON', async () => {
    const { app } = await createTestApp();
    expect((await postJson(app, '/v2/models/cats/infer', PENGUINS_REQUEST)).status).toBe(404);
    expect((await postJson(app, '/v2/models/penguins/versions/2/infer', PENGUINS_REQUEST)).status).toBe(404);
    const text = await app.request('/v2/models/penguins/infer', {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect([text.status, oip.error(await text.json())]).toEqual([415, true]);
    const broken = await postJson(app, '/v2/models/penguins/infer', '{"inputs": [');
    expect([broken.status, oip.error(await broken.json())]).toEqual([400, true]);
  });

  it('an all-numeric model also takes one [N, F] tensor (columns in schema order) and answers FP64 values', async () => {
    const { app } = await createTestApp({ predictor: numericPredictor() });
    const request = {
      inputs: [
        {
          name: 'input-0',
          shape: [2, 2],
          datatype: 'FP32',
          data: [
            [3, 1],
            [1, -2],
          ],
        },
      ],
    };
    const body = (await (await postJson(app, '/v2/models/tiny/infer', request)).json()) as Json;
    expect(body.outputs).toEqual([
      { name: 'value', datatype: 'FP64', shape: [2], data: [expectedValue(3, 1), expectedValue(1, -2)] },
    ]);
    const narrow = { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] };
    const res = await postJson(app, '/v2/models/tiny/infer', narrow);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toContain('expected [N, 2] (a, b)');
  });
});
