// The in-server drift monitor over a real prediction store (node:sqlite) and a real prom-client registry,
// and GET /v1/drift on a Hono sub-app.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driftSchema } from '../../../src/lib/config/sections/drift.js';
import { createDriftMonitor, type DriftMonitor } from '../../../src/lib/drift/monitor.js';
import { openPredictionStore, type PredictionStore, sqliteTarget } from '../../../src/lib/prediction-store/index.js';
import { mulberry32 } from '../../../src/lib/random.js';
import type { ServingDeps } from '../../../src/lib/serving/deps.js';
import { driftRoutes } from '../../../src/lib/serving/routes/drift.js';

const features = [
  { name: 'x', type: 'numeric' as const, required: true, min: null, max: null, allowed: null },
  { name: 'c', type: 'categorical' as const, required: true, min: null, max: null, allowed: null },
];
const random = mulberry32(3);
const row = (shift: number) => ({ x: random() * 10 + shift, c: random() < 0.5 + shift / 20 ? 'a' : 'b' });
const reference = Array.from({ length: 300 }, () => row(0));
const NOW = Date.parse('2026-11-27T12:00:00Z');

let dir: string;
let store: PredictionStore;
let registry: Registry;
let monitor: DriftMonitor;
let clock = NOW;

async function log(rows: Record<string, unknown>[], ts: number) {
  await store.enqueue(
    rows.map((inputs, i) => ({
      ts,
      requestId: `r${ts}-${i}`,
      modelName: 'demo',
      modelVersion: '1',
      inputs,
      outputs: { label: String(inputs.c), probabilities: {} },
      latencyMs: 1,
    })),
  );
  await store.flush();
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-monitor-'));
  store = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')));
  registry = new Registry();
  clock = NOW;
  monitor = createDriftMonitor({
    reference,
    schema: { features },
    config: driftSchema.parse({ since: '1h' }),
    query: (q) => store.query(q),
    model: { name: 'demo', version: '1' },
    referenceOutputs: () => reference.map((r) => ({ label: r.c, probabilities: {} })),
    registry,
    now: () => clock,
  });
});
afterEach(async () => {
  monitor.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];

describe('drift monitor', () => {
  it('publishes NaN share while data is insufficient, then the drift share and per-feature flags', async () => {
    monitor.start(3600);
    await expect.poll(async () => (await metric('mlx_drift_share'))[0]?.value).toBeNaN();
    expect((await metric('mlx_dataset_drift'))[0]?.value).toBeNaN();
    await log(
      Array.from({ length: 200 }, () => row(8)),
      NOW - 60_000,
    );
    await log(
      Array.from({ length: 200 }, () => row(0)),
      NOW - 2 * 3_600_000,
    ); // outside the 1h window
    monitor.stop();
    clock += 1000;
    monitor.start(3600);
    await expect.poll(async () => (await metric('mlx_drift_share'))[0]?.value).toBe(1);
    expect((await metric('mlx_feature_drift')).map((v) => [v.labels.feature, v.value])).toEqual([
      ['x', 1],
      ['c', 1],
    ]);
    expect((await metric('mlx_drift_current_rows'))[0]?.value).toBe(200);
    // and the dataset verdict of the configured method (mlx by default)
    expect((await metric('mlx_dataset_drift')).map((v) => [v.labels.method, v.value])).toEqual([['mlx', 1]]);
  });

  it('caches on-demand checks per window', async () => {
    await log(
      Array.from({ length: 100 }, () => row(0)),
      NOW - 1000,
    );
    const first = await monitor.check({ since: '1h' });
    expect(first).toMatchObject({ cached: false, currentRows: 100, status: 'ok' });
    expect(first.prediction?.column).toBe('prediction');
    await log(
      Array.from({ length: 100 }, () => row(0)),
      NOW - 500,
    );
    expect(await monitor.check({ since: '1h' })).toMatchObject({ cached: true, currentRows: 100 });
    clock += 31_000;
    expect(await monitor.check({ since: '1h' })).toMatchObject({ cached: false, currentRows: 200 });
  });

  it('answers GET /v1/drift, with 400 for a bad window and 503 without a model or store', async () => {
    await log(
      Array.from({ length: 100 }, () => row(8)),
      NOW - 1000,
    );
    const deps = { model: () => ({}), drift: () => monitor } as unknown as ServingDeps;
    const app = driftRoutes(deps);
    const ok = await app.request('/?since=30m');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { datasetDrift: boolean; columns: Record<string, unknown>[] };
    expect(body.datasetDrift).toBe(true);
    expect(body.columns[0]).not.toHaveProperty('chart');
    const bad = driftRoutes(deps).onError((e, c) => c.json({ status: (e as { status?: number }).status }, 400));
    expect(await (await bad.request('/?since=soon')).json()).toEqual({ status: 400 });
    // Out of range (issue 16: a 500 before): a 400 naming the parameter, never an invalid Date.
    for (const query of ['since=99999999999d', 'since=1e400d', 'since=1d&until=99999-01-01', 'since=1969-12-31'])
      expect(await (await bad.request(`/?${query}`)).json(), query).toEqual({ status: 400 });
    // Over HTTP the messages name the query parameters, not the CLI flags.
    const named = driftRoutes(deps).onError((e, c) => c.json({ message: e.message }, 400));
    const empty = (await (await named.request('/?since=1d&until=1970-01-01')).json()) as { message: string };
    expect(empty.message).toBe('The window is empty: since 1d is not before until 1970-01-01.');
    const range = (await (await named.request('/?since=99999999999d')).json()) as { message: string };
    expect(range.message).toMatch(/^since '99999999999d' reaches back more than 100 years/);
    const noStore = driftRoutes({ model: () => ({}), drift: () => null } as unknown as ServingDeps).onError((e, c) =>
      c.json({ status: (e as { status?: number }).status, code: (e as { code?: string }).code }),
    );
    expect(await (await noStore.request('/')).json()).toEqual({ status: 503, code: 'STORE_UNAVAILABLE' });
  });

  it('uses the configured method: mlx by default (corrected p-values, effect sizes), evidently when set', async () => {
    // Given shifted traffic in the window
    await log(
      Array.from({ length: 150 }, () => row(8)),
      NOW - 1000,
    );
    // When GET /v1/drift answers with the default config
    const deps = { model: () => ({}), drift: () => monitor } as unknown as ServingDeps;
    const body = (await (await driftRoutes(deps).request('/?since=30m')).json()) as {
      method: string;
      decision: { method: string; explanation: string };
      columns: { test: string; pValueAdjusted: number | null; effectSize: { measure: string } | null }[];
    };
    // Then the mlx method decided, and says what its false-alarm rate means
    expect(body.method).toBe('mlx');
    expect(body.decision.explanation).toContain('at most 5 % of the time');
    expect(body.columns.map((c) => c.test)).toEqual(['ks', 'chi2_contingency']);
    expect(body.columns.every((c) => c.pValueAdjusted !== null && c.effectSize !== null)).toBe(true);
    // and a monitor configured with drift.method=evidently uses Evidently's tests
    const evidently = await createDriftMonitor({
      reference,
      schema: { features },
      config: driftSchema.parse({ since: '1h', method: 'evidently' }),
      query: (q) => store.query(q),
      model: { name: 'demo', version: '1' },
      now: () => clock,
    }).check({ since: '30m' });
    expect(evidently.method).toBe('evidently');
    expect(evidently.columns.map((c) => c.test)).toEqual(['ks', 'z']);
    expect(evidently.columns[0]?.pValueAdjusted).toBeNull();
  });
});
