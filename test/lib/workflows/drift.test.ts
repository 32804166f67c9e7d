// runDrift in-process over a real bundle directory (MANIFEST-checked) and a real prediction store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { InputSchema } from '../../../src/lib/contracts.js';
import type { FittedPipeline } from '../../../src/lib/data/index.js';
import { DriftDetectedError } from '../../../src/lib/errors.js';
import type { Logger } from '../../../src/lib/logging.js';
import { writeBundle } from '../../../src/lib/model/bundle.js';
import { tfjsMlp } from '../../../src/lib/model/families/tfjs-mlp/index.js';
import { openPredictionStore, sqliteTarget } from '../../../src/lib/prediction-store/index.js';
import { mulberry32 } from '../../../src/lib/random.js';
import { assertNoDatasetDrift, runDrift } from '../../../src/lib/workflows/drift.js';
import { headlineMetric } from '../../../src/lib/workflows/retrain.js';
import { servingDriftMonitor } from '../../../src/lib/workflows/serving-monitor.js';

const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'size', type: 'numeric', required: true, min: null, max: null, allowed: null },
    { name: 'colour', type: 'categorical', required: true, min: null, max: null, allowed: ['red', 'blue'] },
  ],
  target: { name: 'label', task: 'classification', classes: ['a', 'b'] },
};
const random = mulberry32(9);
const sample = (n: number, shift = 0) =>
  Array.from({ length: n }, () => ({
    size: random() * 10 + shift,
    colour: random() < 0.5 + shift / 20 ? 'red' : 'blue',
  }));
const NOW = Date.parse('2026-11-27T12:00:00Z');

let root: string;
let bundle: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-run-drift-'));
  bundle = path.join(root, 'models', 'demo', 'v1');
  writeBundle(bundle, {
    // A bundle whose model cannot load: drift must work without predictions.
    family: tfjsMlp,
    modelFiles: { 'model.json': JSON.stringify({ modelTopology: {} }), 'weights.bin': new Uint8Array([1, 2, 3]) },
    pipeline: {} as FittedPipeline,
    schema,
    reference: sample(300),
    metrics: { test: { macro_f1: 0.9, accuracy: 0.95 } },
    configYaml: '',
    lineage: {
      runId: 'r1',
      name: 'demo',
      version: 1,
      createdAt: '2026-11-01T00:00:00Z',
      task: 'classification',
      dataFingerprint: 'f',
      configHash: 'h',
      git: null,
      versions: {},
      backend: 'cpu',
      seed: 1,
    },
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function config() {
  const c = defaultConfig();
  c.serve.model = bundle;
  return c;
}

async function logTraffic(rows: Record<string, unknown>[], ts: number) {
  const store = await openPredictionStore(sqliteTarget(path.join(root, 'var', 'predictions.sqlite')));
  await store.enqueue(
    rows.map((inputs, i) => ({
      ts,
      requestId: `q${i}`,
      modelName: 'demo',
      modelVersion: '1',
      inputs,
      outputs: { label: 'a', probabilities: { a: 1, b: 0 } },
      latencyMs: 1,
    })),
  );
  await store.close();
}

describe('runDrift', () => {
  it('reads the bundle reference and the store window, writes the report', async () => {
    await logTraffic(sample(200, 6), NOW - 60_000);
    await logTraffic(sample(200), NOW - 3 * 86_400_000);
    const run = await runDrift({ root, config: config(), since: '1h', now: NOW, predictions: false });
    expect(run).toMatchObject({ status: 'ok', currentRows: 200, referenceRows: 300, datasetDrift: true });
    expect(run.model).toEqual({ name: 'demo', version: '1' });
    expect(run.window).toEqual({ since: '2026-11-27T11:00:00.000Z', until: '2026-11-27T12:00:00.000Z' });
    expect(run.report?.html).toBe(path.join(root, 'reports', 'drift', 'drift-2026-11-27T12-00-00-000Z.html'));
    expect(run.retrain).toMatchObject({ triggered: true, action: 'notify' });
    expect(() => assertNoDatasetDrift(run)).toThrow(DriftDetectedError);
    const week = await runDrift({ root, config: config(), since: '7d', now: NOW, predictions: false });
    expect(week.currentRows).toBe(400);
  });

  it('skips prediction drift when the model cannot predict, and says when no store exists', async () => {
    const run = await runDrift({ root, config: config(), since: '1h', now: NOW });
    expect(run.status).toBe('insufficient_data');
    expect(run.message).toMatch(/^Insufficient data: no prediction store at /);
    await logTraffic(sample(100), NOW - 1000);
    const withModel = await runDrift({ root, config: config(), since: '1h', now: NOW });
    expect(withModel).toMatchObject({ status: 'ok', prediction: null });
    assertNoDatasetDrift(withModel);
  }, 60_000);

  it('compares files (NDJSON, JSON, CSV) without a model', async () => {
    writeFileSync(path.join(root, 'ref.json'), JSON.stringify(sample(100)));
    writeFileSync(
      path.join(root, 'cur.ndjson'),
      sample(80)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    writeFileSync(
      path.join(root, 'cur.csv'),
      `size,colour\n${sample(80)
        .map((r) => `${r.size},${r.colour}`)
        .join('\n')}\n`,
    );
    const c = config();
    c.drift.report = false;
    const a = await runDrift({ root, config: c, referenceFile: 'ref.json', currentFile: 'cur.ndjson' });
    expect(a).toMatchObject({ model: null, currentRows: 80, evaluatedColumns: 2, report: null });
    const b = await runDrift({ root, config: c, referenceFile: 'ref.json', currentFile: 'cur.csv' });
    expect(b.columns.map((x) => [x.column, x.kind])).toEqual([
      ['size', 'numeric'],
      ['colour', 'categorical'],
    ]);
    writeFileSync(path.join(root, 'bad.ndjson'), '{"size": 1}\nnot json\n');
    // NDJSON goes through the data module's ingest: a bad line is named by its position
    await expect(
      runDrift({ root, config: c, referenceFile: 'ref.json', currentFile: 'bad.ndjson' }),
    ).rejects.toMatchObject({ code: 'MLX_DATA_MALFORMED', message: expect.stringContaining('bad.ndjson:2:1') });
  });

  it('reads the headline metric of a bundle and builds the serving monitor from its reference', async () => {
    expect(headlineMetric(bundle)).toEqual({ name: 'macro_f1', value: 0.9, higherIsBetter: true });
    const predictor = {
      info: { dir: bundle, name: 'demo', version: 1 },
      schema,
      predict: (rows: readonly unknown[]) => rows.map(() => ({ label: 'a', probabilities: {} })),
    } as unknown as Parameters<typeof servingDriftMonitor>[0]['predictor'];
    const base = { drift: config().drift, predictor, version: '1', registry: new Registry() };
    expect(servingDriftMonitor({ ...base, query: null })).toBeNull();
    const monitor = servingDriftMonitor({ ...base, query: async () => [] });
    expect(await monitor?.check({ since: '1h' })).toMatchObject({ status: 'insufficient_data', referenceRows: 300 });
    const broken = { ...predictor, info: { ...predictor.info, dir: path.join(root, 'nowhere') } } as typeof predictor;
    expect(
      servingDriftMonitor({ ...base, registry: new Registry(), predictor: broken, query: async () => [] }),
    ).toBeNull();
  });

  it("says which drift.columns keys the mlx method ignores, in mlx drift and in the serving monitor's start", async () => {
    // Given a per-column test and threshold (keys of the evidently method) under the default mlx method
    const warnings: string[] = [];
    const logger = {
      warn: (message: string) => warnings.push(message),
      info: () => undefined,
      debug: () => undefined,
    } as unknown as Logger;
    const c = config();
    c.drift.columns = { size: { test: 'psi', threshold: 0.2 } };
    c.drift.report = false;
    await logTraffic(sample(50), NOW - 60_000);
    // When mlx drift runs and the serving monitor starts
    await runDrift({ root, config: c, since: '1h', now: NOW, predictions: false, logger });
    const predictor = {
      info: { dir: bundle, name: 'demo', version: 1 },
      schema,
      predict: (rows: readonly unknown[]) => rows.map(() => ({ label: 'a', probabilities: {} })),
    } as unknown as Parameters<typeof servingDriftMonitor>[0]['predictor'];
    servingDriftMonitor({
      drift: c.drift,
      predictor,
      version: '1',
      registry: new Registry(),
      query: async () => [],
      logger,
    });
    // Then both name the keys and the method they belong to; the evidently method says nothing
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w).toContain('drift.columns.size.test, drift.columns.size.threshold: ');
    expect(warnings[1]).toMatch(/^drift monitoring: /);
    c.drift.method = 'evidently';
    servingDriftMonitor({
      drift: c.drift,
      predictor,
      version: '1',
      registry: new Registry(),
      query: async () => [],
      logger,
    });
    expect(warnings).toHaveLength(2);
  });

  it('runs the multivariate test when drift.multivariate asks for it, in mlx drift and in the serving monitor', async () => {
    // Given logged traffic from the reference's distribution and the multivariate test on
    const rows = sample(200);
    await logTraffic(rows, NOW - 60_000);
    const c = config();
    c.drift.multivariate = 'domain_classifier';
    c.drift.report = false;
    // When drift runs from the command's workflow
    const run = await runDrift({ root, config: c, since: '1h', now: NOW, predictions: false });
    // Then the result carries the test (the whole window, 2 features), joined to the decision
    expect(run.multivariate).toMatchObject({ test: 'domain_classifier', model: 'gbdt', features: 2 });
    expect(run.multivariate?.rows).toEqual({ reference: 300, current: 200 });
    expect(run.decision.explanation).toContain('the 3 p-values are corrected together');
    // and the serving monitor runs it too
    const predictor = {
      info: { dir: bundle, name: 'demo', version: 1 },
      schema,
      predict: (r: readonly unknown[]) => r.map(() => ({ label: 'a', probabilities: {} })),
    } as unknown as Parameters<typeof servingDriftMonitor>[0]['predictor'];
    const stored = rows.map((inputs) => ({ inputs, outputs: { label: 'a', probabilities: {} } }));
    const monitor = servingDriftMonitor({
      drift: c.drift,
      predictor,
      version: '1',
      registry: new Registry(),
      query: async () =>
        stored as unknown as Awaited<ReturnType<NonNullable<Parameters<typeof servingDriftMonitor>[0]['query']>>>,
    });
    const checked = await monitor?.check({ since: '1h' });
    expect(checked?.multivariate).toEqual(run.multivariate);
  }, 60_000);
});
