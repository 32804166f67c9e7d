import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MlxError } from '../../../src/lib/errors.js';
import { loadTf } from '../../../src/lib/model/families/tfjs-mlp/backend.js';
import { buildModel } from '../../../src/lib/model/families/tfjs-mlp/build.js';
import { tfjsMlp } from '../../../src/lib/model/families/tfjs-mlp/index.js';
import { nonFiniteWeights, serializeModel } from '../../../src/lib/model/families/tfjs-mlp/io.js';
import { tfjsScorer } from '../../../src/lib/model/families/tfjs-mlp/scorer.js';
import { createPredictor, loadBundle, predictorFor, writeBundle } from '../../../src/lib/model/index.js';
import { tinyPipeline, tinySchema } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-nonfinite-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny real tfjs model whose first kernel entry is `poison` (NaN, Infinity) or untouched (null). */
async function tinyModel(poison: number | null) {
  const { tf } = await loadTf('wasm');
  const model = buildModel(tf, {
    type: 'mlp',
    hidden: [4],
    activation: 'relu',
    dropout: 0,
    inputWidth: 2,
    task: 'classification',
    classes: 3,
    seed: 1,
  });
  if (poison !== null) {
    const weights = model.getWeights().map((w) => {
      const values = (w.dataSync() as Float32Array).slice();
      values.fill(poison);
      return tf.tensor(values, w.shape);
    });
    model.setWeights(weights);
    tf.dispose(weights);
  }
  return { tf, model };
}

async function writeTiny(poison: number | null) {
  const { tf, model } = await tinyModel(poison);
  const saved = await serializeModel(tf, model);
  model.dispose();
  writeBundle(dir, {
    family: tfjsMlp,
    modelFiles: { 'model.json': JSON.stringify(saved.modelJson), 'weights.bin': saved.weights },
    pipeline: tinyPipeline(),
    schema: tinySchema(),
    reference: [],
    metrics: {},
    configYaml: 'seed: 1\n',
    lineage: {
      runId: 'r1',
      name: 'tiny',
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      task: 'classification',
      dataFingerprint: 'f',
      configHash: 'c',
      git: null,
      versions: {},
      backend: 'wasm',
      seed: 1,
    },
  });
  return saved;
}

describe('bundles with non-finite weights', () => {
  it('counts NaN and infinite float32 weights through the weight specs', async () => {
    expect(nonFiniteWeights(await writeTiny(null))).toBe(0);
    // 2×4 + 4 + 4×3 + 3 parameters, all poisoned.
    expect(nonFiniteWeights(await writeTiny(Number.NaN))).toBe(27);
    const saved = await writeTiny(Number.POSITIVE_INFINITY);
    expect(nonFiniteWeights(saved)).toBe(27);
    expect(nonFiniteWeights({ ...saved, weights: saved.weights.subarray(0, 10) })).toBe(-1);
  });

  it('refuse to load (MLX_BUNDLE_CORRUPT, exit 2) although the manifest matches', async () => {
    await writeTiny(Number.NaN);
    expect(() => loadBundle(dir)).not.toThrow();
    const error = await createPredictor(dir, { backend: 'wasm' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_BUNDLE_CORRUPT');
    expect((error as MlxError).exitCode).toBe(2);
    expect((error as MlxError).message).toContain(`${path.join(dir, 'weights.bin')} holds 27 NaN or infinite`);
  });
});

describe('the Predictor refuses non-finite outputs', () => {
  it('predict and predictColumns throw MLX_MODEL_OUTPUT instead of a null probability', async () => {
    const { tf, model } = await tinyModel(Number.NaN);
    const predictor = predictorFor(
      tfjsScorer(tf, model),
      {
        info: {
          name: 't',
          version: 1,
          runId: 'r',
          createdAt: '',
          task: 'classification',
          dir,
          metrics: {},
          lineage: {},
        },
        schema: tinySchema(),
        pipeline: tinyPipeline(),
      },
      'onehot',
    );
    expect(() => predictor.predict([{ a: 1, b: 2 }])).toThrow(/NaN or infinite output\(s\) for 1 row/);
    try {
      predictor.predictColumns({
        rows: 2,
        column: (name) => (name === 'a' ? [1, 2] : name === 'b' ? [3, 4] : undefined),
      });
      expect.unreachable();
    } catch (error) {
      expect((error as MlxError).code).toBe('MLX_MODEL_OUTPUT');
    }
    predictor.dispose();
  });

  it('finite weights still predict', async () => {
    const { tf, model } = await tinyModel(null);
    const predictor = predictorFor(
      tfjsScorer(tf, model),
      {
        info: {
          name: 't',
          version: 1,
          runId: 'r',
          createdAt: '',
          task: 'classification',
          dir,
          metrics: {},
          lineage: {},
        },
        schema: tinySchema(),
        pipeline: tinyPipeline(),
      },
      'onehot',
    );
    const [p] = predictor.predict([{ a: 1, b: 2 }]);
    expect(Object.values((p as { probabilities: Record<string, number> }).probabilities).every(Number.isFinite)).toBe(
      true,
    );
    predictor.dispose();
  });
});

describe('serving a model that gives NaN', () => {
  it('answers 500 PREDICTION_FAILED on every protocol, never a null probability', async () => {
    const { createTestApp, postJson } = await import('../serving/helpers.js');
    const { tf, model } = await tinyModel(Number.NaN);
    const predictor = predictorFor(
      tfjsScorer(tf, model),
      {
        info: {
          name: 'tiny',
          version: 1,
          runId: 'r',
          createdAt: '',
          task: 'classification',
          dir,
          metrics: {},
          lineage: {},
        },
        schema: tinySchema(),
        pipeline: tinyPipeline(),
      },
      'onehot',
    );
    const { app } = await createTestApp({ predictor });
    const own = await postJson(app, '/v1/predict', { instances: [{ a: 1, b: 2 }] });
    expect(own.status).toBe(500);
    const body = (await own.json()) as { error: { code: string } };
    expect(body.error.code).toBe('PREDICTION_FAILED');
    const mlflow = await postJson(app, '/invocations', { dataframe_records: [{ a: 1, b: 2 }] });
    expect(mlflow.status).toBe(500);
    expect(await mlflow.text()).not.toContain('null');
    predictor.dispose();
  });
});
