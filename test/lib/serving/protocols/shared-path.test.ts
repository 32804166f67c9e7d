import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { openPredictionStore, type PredictionStore, sqliteTarget } from '../../../../src/lib/prediction-store/index.js';
import { createTestApp, goodInstance, postJson } from '../helpers.js';

/** One request per protocol, each with the same instance and its own request id. */
const REQUESTS: [string, string, unknown][] = [
  ['/v1/predict', 'ours', { instances: [goodInstance] }],
  [
    '/v2/models/penguins/infer',
    'kserve',
    {
      inputs: Object.entries(goodInstance).map(([name, v]) => ({
        name,
        shape: [1],
        datatype: typeof v === 'number' ? 'FP64' : 'BYTES',
        data: [v],
      })),
    },
  ],
  ['/invocations', 'mlflow', { dataframe_records: [goodInstance] }],
  ['/v1/models/penguins:predict', 'tfserving', { instances: [goodInstance] }],
];

const ROUTES: Record<string, string> = {
  ours: '/v1/predict',
  kserve: '/v2/models/:name/infer',
  mlflow: '/invocations',
  tfserving: '/v1/models/:spec{[^/:]+:[A-Za-z]+}',
};

let dir: string | undefined;
let store: PredictionStore | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { logger, lines };
}

describe('every protocol goes through the one prediction path', () => {
  it('stores each prediction, counts it, labels its metrics by route and writes one access-log line', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-protocols-'));
    store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')));
    const { logger, lines } = capturingLogger();
    const { app } = await createTestApp({ store, logger, serve: { access_log: true } });
    for (const [url, id, body] of REQUESTS) {
      const res = await postJson(app, url, body, { 'X-Request-Id': id });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('x-request-id')).toBe(id);
    }
    await store.flush();
    const stored = await store.query();
    expect(stored.map((r) => r.requestId)).toEqual(['ours', 'kserve', 'mlflow', 'tfserving']);
    // The same validated row and the same prediction, whichever protocol carried it.
    for (const row of stored) {
      expect(row.inputs).toEqual(goodInstance);
      expect(row.outputs).toEqual(stored[0]?.outputs);
      expect(row.modelVersion).toBe('3');
    }
    const metrics = await (await app.request('/metrics')).text();
    for (const route of Object.values(ROUTES))
      expect(metrics).toContain(`mlx_http_requests_total{route="${route}",method="POST",status="200"} 1`);
    expect(metrics).toMatch(/mlx_predictions_total\{model_version="3",label="Adelie"\} 4/);
    await new Promise((r) => setImmediate(r));
    const access = lines.filter((l) => l.message === 'request' && l.method === 'POST');
    expect(access.map((l) => [l.request_id, l.route, l.status])).toEqual(
      Object.entries(ROUTES).map(([id, route]) => [id, route, 200]),
    );
  });

  it('rejects invalid input before the model and the store: nothing is logged as a prediction', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-protocols-'));
    store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')));
    const { app } = await createTestApp({ store });
    const bad = { ...goodInstance, island: 'Atlantis' };
    expect((await postJson(app, '/invocations', { dataframe_records: [bad] })).status).toBe(400);
    expect((await postJson(app, '/v1/models/penguins:predict', { instances: [bad] })).status).toBe(400);
    expect((await postJson(app, '/v1/predict', bad)).status).toBe(422);
    await store.flush();
    expect(await store.query()).toEqual([]);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).not.toContain('mlx_predictions_total{');
  });

  it('answers 503 in each protocol’s shape when the store cannot take the rows (never an unlogged answer)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-protocols-'));
    store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')), { maxQueue: 1, flushMs: 60_000 });
    const { app } = await createTestApp({ store });
    expect((await postJson(app, '/invocations', { dataframe_records: [goodInstance] })).status).toBe(200);
    const mlflow = await postJson(app, '/invocations', { dataframe_records: [goodInstance] });
    expect(mlflow.status).toBe(503);
    expect(mlflow.headers.get('retry-after')).toBe('1');
    expect(((await mlflow.json()) as { error_code: string }).error_code).toBe('TEMPORARILY_UNAVAILABLE');
    const tf = await postJson(app, '/v1/models/penguins:predict', { instances: [goodInstance] });
    expect([tf.status, Object.keys((await tf.json()) as object)]).toEqual([503, ['error']]);
  });

  it('answers auth failures and unknown paths in each protocol’s shape; its health probes stay open', async () => {
    const { app } = await createTestApp({ authToken: 'secret' });
    // A path the protocol has, asked with the wrong method, is a 405 with `Allow` (issue 16), in its shape too.
    const shapes: [string, string, string[], number][] = [
      ['/v2/models/penguins/infer', '/v2/nope', ['error'], 404],
      ['/invocations', '/invocations', ['error_code', 'message'], 405],
      ['/v1/models/penguins:predict', '/v1/models/penguins/nope/deeper', ['error'], 404],
      ['/v2/models/penguins/infer', '/v2/models/penguins/infer', ['error'], 405],
    ];
    for (const [url, unknown, keys, expected] of shapes) {
      const res = await postJson(app, url, {});
      expect(res.status, url).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(Object.keys((await res.json()) as object)).toEqual(keys);
      const missing = await app.request(unknown, { method: 'PUT', headers: { Authorization: 'Bearer secret' } });
      expect(missing.status, unknown).toBe(expected);
      if (expected === 405) expect(missing.headers.get('allow'), unknown).toBe('POST');
      expect(Object.keys((await missing.json()) as object)).toEqual(keys);
    }
    for (const probe of ['/v2/health/live', '/v2/health/ready', '/ping'])
      expect((await app.request(probe)).status, probe).toBe(200);
    expect((await app.request('/v2/models/penguins')).status).toBe(401);
  });

  it('answers a model failure (a bug, not the client) with 500 in each protocol’s shape', async () => {
    const { createTestPredictor } = await import('../helpers.js');
    const real = await createTestPredictor();
    const broken = {
      ...real,
      predict: () => {
        throw new Error('model exploded');
      },
    };
    const { app } = await createTestApp({ predictor: broken });
    for (const [url, , body] of REQUESTS.slice(1)) {
      const res = await postJson(app, url, body);
      expect(res.status, url).toBe(500);
      expect(JSON.stringify(await res.json())).toContain('The model failed to predict these instances');
    }
  });
});
