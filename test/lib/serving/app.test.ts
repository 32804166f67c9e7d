import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { safeEqual } from '../../../src/lib/serving/middleware/auth.js';
import { createTestApp, goodInstance, postJson } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read by path in assertions
type Json = Record<string, any>;

describe('serving app: ops routes', () => {
  it('GET /health is 200 even without a model; /ready is 503 until one is loaded', async () => {
    const { app } = await createTestApp({ predictor: null });
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await app.request('/ready');
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as Json).error.code).toBe('MODEL_NOT_READY');
  });

  it('GET /ready names the loaded model, and is 503 once a shutdown started', async () => {
    let down = false;
    const { app } = await createTestApp({ shuttingDown: () => down });
    const ready = await app.request('/ready');
    expect(await ready.json()).toEqual({ status: 'ready', model: { name: 'penguins', version: '3' } });
    down = true;
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('connection')).toBe('close');
  });

  it('GET /v1/model returns name, version, schema, metrics and lineage', async () => {
    const { app, predictor } = await createTestApp();
    const body = (await (await app.request('/v1/model')).json()) as Json;
    expect(body).toMatchObject({
      name: 'penguins',
      version: '3',
      run_id: 'run-test',
      task: 'classification',
      metrics: { test: { accuracy: 0.97 } },
      lineage: { seed: 42 },
    });
    expect(body.schema).toEqual(predictor?.schema);
  });

  it('GET /metrics exposes request, prediction and model metrics in Prometheus text format', async () => {
    const { app } = await createTestApp();
    await postJson(app, '/v1/predict', { instances: [goodInstance, goodInstance] });
    await postJson(app, '/v1/predict', { nope: 1 });
    await app.request('/no/such/path');
    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('mlx_http_requests_total{route="/v1/predict",method="POST",status="200"} 1');
    expect(text).toContain('mlx_http_requests_total{route="/v1/predict",method="POST",status="422"} 1');
    expect(text).toContain('mlx_http_requests_total{route="unmatched",method="GET",status="404"} 1');
    expect(text).toContain('mlx_http_request_duration_seconds_count{route="/v1/predict",method="POST"} 2');
    expect(text).toContain('mlx_predictions_total{model_version="3",label="Adelie"} 2');
    expect(text).toContain('mlx_model_info');
    expect(text).toContain('mlx_prediction_store_queue_depth 0');
  });
});

describe('serving app: request ids, errors, headers', () => {
  it('echoes a sane inbound X-Request-Id and replaces an unsafe one', async () => {
    const { app } = await createTestApp();
    const sane = await app.request('/health', { headers: { 'X-Request-Id': 'trace-42:a.b' } });
    expect(sane.headers.get('x-request-id')).toBe('trace-42:a.b');
    const unsafe = await app.request('/health', { headers: { 'X-Request-Id': 'bad id\twith "quotes"' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await app.request('/health', { headers: { 'X-Request-Id': 'a'.repeat(200) } });
    expect(long.headers.get('x-request-id')).toHaveLength(36);
  });

  it('answers unknown routes with the JSON error shape and a request id', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/v3/predict', { headers: { 'X-Request-Id': 'r1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('r1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route GET /v3/predict' },
      request_id: 'r1',
    });
    // A known path with the wrong method: 405 and the methods it has (issue 16: 404 before).
    const wrong = await app.request('/v1/predict', { headers: { 'X-Request-Id': 'r2' } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toEqual({
      error: { code: 'METHOD_NOT_ALLOWED', message: '/v1/predict answers POST, not GET' },
      request_id: 'r2',
    });
    const post = await app.request('/health', { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('sets secure headers and no CORS unless origins are configured', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/health', { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const withCors = (await createTestApp({ serve: { cors: { origins: ['https://app.example'] } } })).app;
    const ok = await withCors.request('/health', { headers: { Origin: 'https://app.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await withCors.request('/health', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('serving app: bearer auth', () => {
  it('protects the API with 401 + WWW-Authenticate and leaves ops routes open', async () => {
    const { app } = await createTestApp({ authToken: 's3cret-token' });
    const none = await postJson(app, '/v1/predict', goodInstance);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="mlx"');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(((await none.json()) as Json).error.code).toBe('UNAUTHORIZED');
    const wrong = await postJson(app, '/v1/predict', goodInstance, { Authorization: 'Bearer s3cret-tokeN' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="mlx", error="invalid_token"');
    const right = await postJson(app, '/v1/predict', goodInstance, { Authorization: 'Bearer s3cret-token' });
    expect(right.status).toBe(200);
    expect((await app.request('/v1/model')).status).toBe(401);
    for (const open of ['/health', '/ready', '/metrics']) expect((await app.request(open)).status).toBe(200);
  });

  it('protects ops routes too with serve.auth.protect_ops', async () => {
    const { app } = await createTestApp({ authToken: 't', serve: { auth: { token_env: 'X', protect_ops: true } } });
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: { Authorization: 'bearer t' } })).status).toBe(200);
  });

  it('compares tokens of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose request schema accepts the example and rejects bad input', async () => {
    const { app } = await createTestApp();
    const doc = (await (await app.request('/openapi.json')).json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'mlx: penguins', version: '9.9.9' });
    const example = doc.paths['/v1/predict'].post.requestBody.content['application/json'].example;
    expect(example.instances).toHaveLength(1);
    // The documented example is what the server accepts.
    expect((await postJson(app, '/v1/predict', example)).status).toBe(200);

    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile({ ...doc.components.schemas.PredictRequest, $defs: {} });
    expect(validate(example)).toBe(true);
    expect(validate(goodInstance)).toBe(true);
    expect(validate({ instances: [{ ...goodInstance, island: 'Atlantis' }] })).toBe(false);
    expect(validate({ instances: [{ island: 'Dream' }] })).toBe(false);
    const response = ajv.compile(doc.components.schemas.PredictResponse);
    const answer = await (await postJson(app, '/v1/predict', example)).json();
    expect(response(answer)).toBe(true);
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('documents bearer security when auth is on, and works without a model', async () => {
    const { app } = await createTestApp({ authToken: 't' });
    const doc = (await (await app.request('/openapi.json', { headers: { Authorization: 'Bearer t' } })).json()) as Json;
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    const empty = (await createTestApp({ predictor: null })).app;
    const bare = (await (await empty.request('/openapi.json')).json()) as Json;
    expect(bare.info.description).toBe('No model is loaded yet.');
  });
});
