import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { Predictor } from '../../../src/lib/contracts.js';
import { silentLogger } from '../../../src/lib/logging.js';
import type { ServingDeps } from '../../../src/lib/serving/index.js';
import { createApp, createServedModel, createServingMetrics, ModelHolder } from '../../../src/lib/serving/index.js';
import { createTestPredictor, goodInstance, postJson } from './helpers.js';

const config = { ...defaultConfig().serve, access_log: false };

/** A real test predictor relabelled as registry version `version`; records whether it was disposed. */
async function versioned(version: number): Promise<Predictor & { disposed: () => boolean }> {
  const base = await createTestPredictor();
  let disposed = false;
  return {
    ...base,
    info: { ...base.info, version },
    dispose: () => {
      disposed = true;
      base.dispose();
    },
    disposed: () => disposed,
  };
}

function holderWithApp(drainMs = 50) {
  const metrics = createServingMetrics({ defaultMetrics: false });
  const holder = new ModelHolder({
    build: (p) => createServedModel(p, config),
    metrics,
    logger: silentLogger(),
    drainMs,
  });
  const deps: ServingDeps = {
    model: () => holder.primary(),
    chooseModel: (m) => holder.choose(m),
    canary: () => holder.canary()?.model ?? null,
    store: null,
    metrics,
    logger: silentLogger(),
    config,
  };
  return { holder, metrics, app: createApp(deps) };
}

const target = (key: string, predictor: Predictor) => ({ key, load: async () => predictor });

describe('ModelHolder', () => {
  it('gives the canary exactly its weight of /v1/predict requests, labelled with its version', async () => {
    // Given v1 serving and v2 as a 25 % canary
    const { holder, app, metrics } = holderWithApp();
    const v1 = await versioned(1);
    const v2 = await versioned(2);
    holder.init('m@1', createServedModel(v1, config));
    await holder.reconcile({ primary: target('m@1', v1), canary: { ...target('m@2', v2), weight: 0.25 } });
    // When 40 requests arrive
    const versions: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await postJson(app, '/v1/predict', { instances: [goodInstance] });
      versions.push(((await res.json()) as { model_version: string }).model_version);
    }
    // Then 10 went to v2, and both versions are in mlx_model_info and the prediction counter
    expect(versions.filter((v) => v === '2')).toHaveLength(10);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/mlx_model_info\{name="penguins",version="1"\} 1/);
    expect(text).toMatch(/mlx_model_info\{name="penguins",version="2"\} 1/);
    expect(text).toMatch(/mlx_predictions_total\{model_version="2",label="[A-Za-z]+"\} \d+/);
    // And a request pinned to a version is never split
    for (let i = 0; i < 8; i++) {
      const res = await postJson(app, '/v2/models/penguins/versions/1/infer', {
        inputs: [
          { name: 'bill_length_mm', shape: [1], datatype: 'FP64', data: [39.1] },
          { name: 'island', shape: [1], datatype: 'BYTES', data: ['Torgersen'] },
          { name: 'sex', shape: [1], datatype: 'BYTES', data: ['male'] },
        ],
      });
      expect(((await res.json()) as { model_version: string }).model_version).toBe('1');
    }
    await holder.dispose();
  });

  it('switches to a new primary, keeps the old one usable for the drain window, then disposes it', async () => {
    const { holder, metrics } = holderWithApp(100);
    const v1 = await versioned(1);
    const v2 = await versioned(2);
    holder.init('m@1', createServedModel(v1, config));
    const old = holder.current();
    await holder.reconcile({ primary: target('m@2', v2), canary: null });
    expect(holder.current().version).toBe('2');
    // A request that picked v1 before the switch still gets an answer from it
    expect(await old.predict([goodInstance])).toHaveLength(1);
    expect(v1.disposed()).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(v1.disposed()).toBe(true);
    expect(await metrics.registry.metrics()).not.toMatch(/version="1"/);
    await holder.dispose();
    expect(v2.disposed()).toBe(true);
  });

  it('ends the canary when the primary comes to be its version, and does not bring it back', async () => {
    const { holder } = holderWithApp();
    const v1 = await versioned(1);
    const v2 = await versioned(2);
    const v3 = await versioned(3);
    holder.init('m@1', createServedModel(v1, config));
    const canary = { ...target('m@2', v2), weight: 0.5 };
    await holder.reconcile({ primary: target('m@1', v1), canary });
    const canaryModel = holder.canary()?.model;
    // When the alias moves to the canary's version: the canary's loaded model becomes the primary
    await holder.reconcile({ primary: target('m@2', v2), canary });
    expect(holder.canary()).toBeNull();
    expect(holder.current()).toBe(canaryModel);
    // And when the alias moves on, the (old) canary version stays off
    await holder.reconcile({ primary: target('m@3', v3), canary });
    expect(holder.canary()).toBeNull();
    expect(holder.current().version).toBe('3');
    await holder.dispose();
  });
});
