import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MlxError } from '../../../src/lib/errors.js';
import { loadTf } from '../../../src/lib/model/families/tfjs-mlp/backend.js';
import { buildModel } from '../../../src/lib/model/families/tfjs-mlp/build.js';
import { tfjsMlp } from '../../../src/lib/model/families/tfjs-mlp/index.js';
import { serializeModel } from '../../../src/lib/model/families/tfjs-mlp/io.js';
import {
  createPredictor,
  loadBundle,
  readReference,
  verifyManifest,
  writeBundle,
} from '../../../src/lib/model/index.js';
import { tinyPipeline, tinySchema } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-bundle-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeTinyBundle(task: 'classification' | 'regression' = 'classification') {
  const { tf } = await loadTf('wasm');
  const model = buildModel(tf, {
    type: 'mlp',
    hidden: [4],
    activation: 'relu',
    dropout: 0.1,
    inputWidth: 2,
    task,
    classes: 3,
    seed: 1,
  });
  const saved = await serializeModel(tf, model);
  const direct = tf.tidy(() => (model.predict(tf.tensor2d([[0, 1]])) as import('@tensorflow/tfjs').Tensor).dataSync());
  model.dispose();
  const lineage = writeBundle(dir, {
    family: tfjsMlp,
    modelFiles: { 'model.json': JSON.stringify(saved.modelJson), 'weights.bin': saved.weights },
    pipeline: tinyPipeline(task),
    schema: tinySchema(task),
    reference: [{ a: 1, b: 2 }],
    metrics: { test: { accuracy: 0.5 } },
    configYaml: 'seed: 1\n',
    lineage: {
      runId: 'r1',
      name: 'tiny',
      version: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
      task,
      dataFingerprint: 'f',
      configHash: 'c',
      git: null,
      versions: {},
      backend: 'wasm',
      seed: 1,
    },
  });
  return { lineage, direct: Array.from(direct) };
}

describe('model bundle', () => {
  it('writes every file of the layout with a sha256sum-style manifest, and loads it back', async () => {
    const { lineage } = await writeTinyBundle();
    const manifest = readFileSync(path.join(dir, 'MANIFEST.sha256'), 'utf8').trim().split('\n');
    expect(manifest.map((l) => l.split('  ')[1])).toEqual([
      'config.yaml',
      'lineage.json',
      'metrics.json',
      'model.json',
      'pipeline.json',
      'reference.ndjson',
      'schema.json',
      'weights.bin',
    ]);
    expect(lineage.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    const bundle = loadBundle(dir);
    expect(bundle.info).toMatchObject({ name: 'tiny', version: 3, runId: 'r1', task: 'classification', dir });
    expect(readReference(dir)).toEqual([{ a: 1, b: 2 }]);
  });

  it('refuses a bundle whose weights were modified (MLX_BUNDLE_CORRUPT, exit 2)', async () => {
    await writeTinyBundle();
    appendFileSync(path.join(dir, 'weights.bin'), Buffer.from([0]));
    const error = (() => {
      try {
        loadBundle(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_BUNDLE_CORRUPT');
    expect((error as MlxError).exitCode).toBe(2);
    expect((error as MlxError).message).toContain('weights.bin (sha256 differs)');
    await expect(createPredictor(dir)).rejects.toThrow(/does not match its manifest/);
  });

  it('refuses a bundle with a missing file or no manifest', async () => {
    await writeTinyBundle();
    unlinkSync(path.join(dir, 'schema.json'));
    expect(() => verifyManifest(dir)).toThrow(/schema.json \(missing\)/);
    unlinkSync(path.join(dir, 'MANIFEST.sha256'));
    expect(() => loadBundle(dir)).toThrow(/MANIFEST.sha256 is missing/);
  });

  it('refuses a manifest that leaves out a required file', async () => {
    await writeTinyBundle();
    const file = path.join(dir, 'MANIFEST.sha256');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.endsWith('metrics.json'))
        .join('\n'),
    );
    expect(() => loadBundle(dir)).toThrow(/metrics.json \(not in the manifest\)/);
  });
});

describe('createPredictor', () => {
  it('predicts labels with probabilities that sum to 1, same as the model before saving', async () => {
    const { direct } = await writeTinyBundle();
    const predictor = await createPredictor(dir, { backend: 'wasm' });
    // a = 1 → (1 − 1)/2 = 0, b = 1 → 1: the same input the model saw directly.
    const [p] = predictor.predict([{ a: 1, b: 1 }]);
    if (!p || !('label' in p)) throw new Error('expected a classification');
    const probs = Object.values(p.probabilities);
    expect(probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(probs).toEqual(direct.map((v) => expect.closeTo(v, 6)));
    expect(p.label).toBe(['p', 'q', 'r'][direct.indexOf(Math.max(...direct))]);
    expect(predictor.predict([])).toEqual([]);
    expect(predictor.info.version).toBe(3);
    predictor.dispose();
    expect(() => predictor.predict([{ a: 1, b: 1 }])).toThrow(/dispose/);
  });

  it('regression predictions are un-scaled to target units', async () => {
    await writeTinyBundle('regression');
    const predictor = await createPredictor(dir, { backend: 'wasm' });
    const rows = predictor.predict([
      { a: 1, b: 1 },
      { a: 3, b: -1 },
    ]);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toEqual({ value: expect.any(Number) });
    predictor.dispose();
  });
});
