import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openPredictionStore, type PredictionStore, sqliteTarget } from '../../../src/lib/prediction-store/index.js';
import { CLASSES, createTestApp, createTestPredictor, goodInstance, postJson } from './helpers.js';

interface Body {
  predictions: { label: string; probabilities: Record<string, number> }[];
  model_version: string;
  request_id: string;
  warnings?: { path: string; kind: string }[];
  error?: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe('POST /v1/predict', () => {
  it('predicts a batch, one prediction per instance, with probabilities over the classes', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/predict', {
      instances: [
        goodInstance,
        { bill_length_mm: 50, island: 'Biscoe', sex: null },
        { bill_length_mm: 49, island: 'Dream' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.model_version).toBe('3');
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
    expect(body.predictions.map((p) => p.label)).toEqual(['Adelie', 'Gentoo', 'Chinstrap']);
    for (const p of body.predictions) {
      expect(Object.keys(p.probabilities)).toEqual(CLASSES);
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('accepts a single object', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/predict', goodInstance);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).predictions).toHaveLength(1);
  });

  it('reports every invalid field with its path and what was expected', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/predict', {
      instances: [
        goodInstance,
        { bill_length_mm: '39', island: 'Atlantis', color: 'red' },
        { island: 'Dream' },
        'not an object',
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Body;
    expect(body.error?.code).toBe('INVALID_INPUT');
    expect(body.error?.message).toBe('Invalid input: 5 invalid fields');
    expect(body.error?.details).toEqual([
      { path: 'instances[1].bill_length_mm', message: 'expected a finite number, got string' },
      { path: 'instances[1].island', message: 'expected one of: Biscoe, Dream, Torgersen' },
      { path: 'instances[1].color', message: 'unknown field; expected one of: bill_length_mm, island, sex' },
      { path: 'instances[2].bill_length_mm', message: 'required; expected a finite number' },
      { path: 'instances[3]', message: 'expected an object of features, got string' },
    ]);
  });

  it('names the field of a single-object request without an instances prefix', async () => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/predict', { ...goodInstance, island: 42 });
    const body = (await res.json()) as Body;
    expect(body.error?.details).toEqual([{ path: 'island', message: 'expected one of: Biscoe, Dream, Torgersen' }]);
  });

  it.each([
    ['an array body', [goodInstance], '(body)'],
    ['null', null, '(body)'],
    ['instances that is not an array', { instances: {} }, 'instances'],
    ['an empty batch', { instances: [] }, 'instances'],
    ['an extra top-level key', { instances: [goodInstance], extra: 1 }, 'extra'],
  ])('rejects %s with 422', async (_name, payload, where) => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/v1/predict', payload);
    expect(res.status).toBe(422);
    const body = (await res.json()) as Body;
    expect(body.error?.details?.map((d) => d.path)).toContain(where);
  });

  it('caps the batch at serve.max_batch', async () => {
    const { app } = await createTestApp({ serve: { max_batch: 3 } });
    const res = await postJson(app, '/v1/predict', { instances: Array(4).fill(goodInstance) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Body).error?.details).toEqual([
      { path: 'instances', message: 'expected at most 3 instances per request' },
    ]);
  });

  it('handles hostile bodies without a 500', async () => {
    const { app } = await createTestApp();
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const cases: [string, number][] = [
      ['{"instances": [', 400],
      ['', 400],
      [deep, 422],
      [`{"instances":[{"bill_length_mm":1e400,"island":"Dream"}]}`, 422],
      [`{"instances":[{"bill_length_mm":1e300,"island":"Dream"}]}`, 422],
      [JSON.stringify({ bill_length_mm: 40, island: 'x'.repeat(100_000) }), 422],
      [JSON.stringify({ bill_length_mm: 40, island: { a: { b: { c: [1, 2, 3] } } } }), 422],
      [JSON.stringify({ __proto__: { polluted: true }, bill_length_mm: 40, island: 'Dream' }), 200],
      [`{"bill_length_mm": NaN, "island": "Dream"}`, 400],
    ];
    for (const [payload, status] of cases) {
      const res = await postJson(app, '/v1/predict', payload);
      expect({ payload: payload.slice(0, 40), status: res.status }).toEqual({ payload: payload.slice(0, 40), status });
      const body = (await res.json()) as Body;
      if (status !== 200) expect(body.error?.code).toMatch(/^(MALFORMED_JSON|INVALID_INPUT)$/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says 415 for a non-JSON content type and 413 above serve.body_limit', async () => {
    const { app } = await createTestApp({ serve: { body_limit: 1024 } });
    const text = await app.request('/v1/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Body).error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const none = await app.request('/v1/predict', { method: 'POST', body: '{}' });
    expect(none.status).toBe(415);
    const big = await postJson(app, '/v1/predict', { instances: Array(40).fill(goodInstance) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as Body).error?.code).toBe('PAYLOAD_TOO_LARGE');
    const vendor = await postJson(app, '/v1/predict', goodInstance, {
      'Content-Type': 'application/vnd.api+json; charset=utf-8',
    });
    expect(vendor.status).toBe(200);
  });

  it('warns, predicts and counts out-of-range values and unknown categories in warn mode', async () => {
    const { app, deps } = await createTestApp({ policy: { onUnknownCategory: 'warn', onOutOfRange: 'warn' } });
    const res = await postJson(app, '/v1/predict', {
      instances: [{ bill_length_mm: 80, island: 'Atlantis' }, goodInstance],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.predictions).toHaveLength(2);
    expect(body.warnings?.map((w) => [w.path, w.kind])).toEqual([
      ['instances[0].bill_length_mm', 'out_of_range'],
      ['instances[0].island', 'unknown_category'],
    ]);
    const metrics = await deps.metrics.registry.metrics();
    expect(metrics).toContain('mlx_input_warnings_total{feature="bill_length_mm",kind="out_of_range"} 1');
    expect(metrics).toContain('mlx_input_warnings_total{feature="island",kind="unknown_category"} 1');
  });

  it('rejects out-of-range values in reject mode, and ignores unknown fields when told to', async () => {
    const { app } = await createTestApp({ policy: { onOutOfRange: 'reject' }, serve: { on_unknown_field: 'ignore' } });
    const res = await postJson(app, '/v1/predict', { bill_length_mm: 10, island: 'Dream', extra: 'x' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Body).error?.details).toEqual([
      { path: 'bill_length_mm', message: 'expected a number in [32.1, 59.6]' },
    ]);
    const ok = await postJson(app, '/v1/predict', { bill_length_mm: 40, island: 'Dream', extra: 'x' });
    expect(ok.status).toBe(200);
  });

  it('answers 503 until a model is loaded', async () => {
    const { app } = await createTestApp({ predictor: null });
    const res = await postJson(app, '/v1/predict', goodInstance);
    expect(res.status).toBe(503);
    expect(((await res.json()) as Body).error?.code).toBe('MODEL_NOT_READY');
  });

  it('leaks no tensor over 1,000 requests', async () => {
    const { app } = await createTestApp();
    await postJson(app, '/v1/predict', goodInstance);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const res = await postJson(app, '/v1/predict', {
        instances: [goodInstance, { bill_length_mm: 30 + (i % 30), island: 'Dream' }],
      });
      expect(res.status).toBe(200);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('answers 500 PREDICTION_FAILED and counts it when the model throws', async () => {
    const { createTestPredictor } = await import('./helpers.js');
    const real = await createTestPredictor();
    const broken = {
      ...real,
      predict: () => {
        throw new Error('boom');
      },
    };
    const { app, deps } = await createTestApp({ predictor: broken });
    const res = await postJson(app, '/v1/predict', goodInstance);
    expect(res.status).toBe(500);
    expect(((await res.json()) as Body).error?.code).toBe('PREDICTION_FAILED');
    expect(await deps.metrics.registry.metrics()).toContain('mlx_prediction_errors_total{reason="model"} 1');
  });
});

describe('POST /v1/predict with the prediction store', () => {
  let dir: string | undefined;
  let store: PredictionStore | undefined;
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores one row per instance with the request id, model version, inputs and outputs', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-serve-'));
    store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')));
    const { app } = await createTestApp({ store });
    const res = await postJson(
      app,
      '/v1/predict',
      { instances: [goodInstance, { bill_length_mm: 50, island: 'Biscoe' }] },
      { 'X-Request-Id': 'abc-123' },
    );
    const body = (await res.json()) as Body;
    await store.flush();
    const rows = await store.query();
    expect(rows.map((r) => [r.requestId, r.modelName, r.modelVersion])).toEqual([
      ['abc-123', 'penguins', '3'],
      ['abc-123', 'penguins', '3'],
    ]);
    expect(rows.map((r) => r.inputs)).toEqual([goodInstance, { bill_length_mm: 50, island: 'Biscoe' }]);
    expect(rows.map((r) => r.outputs)).toEqual(body.predictions);
    expect(rows[0]?.latencyMs).toBeGreaterThan(0);
  });

  it('answers 503 instead of losing records when the store queue is full', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-serve-'));
    store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')), { maxQueue: 2, flushMs: 60_000 });
    const predictor = await createTestPredictor();
    let modelCalls = 0;
    const counted = {
      ...predictor,
      predict: (rows: Parameters<typeof predictor.predict>[0]) => {
        modelCalls++;
        return predictor.predict(rows);
      },
    };
    const { app } = await createTestApp({ store, predictor: counted });
    expect((await postJson(app, '/v1/predict', { instances: [goodInstance, goodInstance] })).status).toBe(200);
    expect(modelCalls).toBe(1);
    const full = await postJson(app, '/v1/predict', goodInstance);
    expect(full.status).toBe(503);
    // Refused before the model's work: an answer that could not be logged is not computed either
    expect(modelCalls).toBe(1);
    expect(full.headers.get('retry-after')).toBe('1');
    expect(((await full.json()) as Body).error?.code).toBe('STORE_UNAVAILABLE');
    await store.flush();
    expect((await postJson(app, '/v1/predict', goodInstance)).status).toBe(200);
    await store.flush();
    expect(await store.query()).toHaveLength(3);
  });
});
