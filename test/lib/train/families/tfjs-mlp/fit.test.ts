import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { buildModel } from '../../../../../src/lib/model/families/tfjs-mlp/build.js';
import { mulberry32 } from '../../../../../src/lib/random.js';
import { fitModel } from '../../../../../src/lib/train/families/tfjs-mlp/fit.js';
import type { Matrix, TrainSettings } from '../../../../../src/lib/train/types.js';

/** Two Gaussian blobs in 2-D: class 0 around (-1,-1), class 1 around (1,1). */
function blobs(rows: number, seed: number): Matrix {
  const rng = mulberry32(seed);
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    const centre = label ? 1 : -1;
    x[i * 2] = centre + (rng() - 0.5);
    x[i * 2 + 1] = centre + (rng() - 0.5);
    y[i] = label;
  }
  return { x, y, rows, width: 2 };
}

const settings: TrainSettings = {
  task: 'classification',
  classes: 2,
  epochs: 15,
  batchSize: 16,
  lr: 0.05,
  lrPlateau: null,
  optimizer: 'adam',
  l2: 0.0001,
  seed: 7,
  earlyStopping: { enabled: true, patience: 3, minDelta: 0, metric: 'val_loss' },
  classWeights: null,
};

async function trainOnce(overrides: Partial<TrainSettings> = {}, backend: 'wasm' | 'cpu' = 'wasm') {
  const { tf } = await loadTf(backend);
  const model = buildModel(tf, {
    type: 'mlp',
    hidden: [8],
    activation: 'relu',
    dropout: 0.2,
    inputWidth: 2,
    task: 'classification',
    classes: 2,
    seed: 7,
  });
  const result = await fitModel(tf, model, {
    train: blobs(200, 1),
    val: blobs(60, 2),
    settings: { ...settings, ...overrides },
  });
  const weights = model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer));
  const hash = createHash('sha256').update(Buffer.concat(weights)).digest('hex');
  model.dispose();
  return { result, hash, tf };
}

describe('fit', () => {
  it('learns separable blobs and records a history', async () => {
    const { result } = await trainOnce();
    const last = result.history.at(-1);
    expect(result.history.length).toBeGreaterThan(1);
    expect(last?.val.val_accuracy).toBeGreaterThan(0.95);
    expect(result.history[0]?.loss).toBeGreaterThan(last?.loss ?? 0);
  });

  it('gives bit-identical weights for the same seed, different for another seed', async () => {
    const a = await trainOnce();
    const b = await trainOnce();
    const c = await trainOnce({ seed: 8 });
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('gives the same weights whichever tfjs backend builds the model (the kernels do the training)', async () => {
    const cpu = await trainOnce({}, 'cpu');
    const wasm = await trainOnce({}, 'wasm');
    expect(cpu.hash).toBe(wasm.hash);
  });

  it('trains with class weights, which change the result', async () => {
    const plain = await trainOnce({ epochs: 3 });
    const weighted = await trainOnce({ epochs: 3, classWeights: Float32Array.of(1, 20) });
    expect(Number.isFinite(weighted.result.history.at(-1)?.loss)).toBe(true);
    expect(weighted.hash).not.toBe(plain.hash);
  });

  it('does not leak tensors', async () => {
    const { tf } = await loadTf('wasm');
    const before = tf.memory().numTensors;
    await trainOnce();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on an aborted signal and keeps the best weights', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, {
      type: 'linear',
      hidden: [],
      activation: 'relu',
      dropout: 0,
      inputWidth: 2,
      task: 'classification',
      classes: 2,
      seed: 1,
    });
    const controller = new AbortController();
    const result = await fitModel(tf, model, {
      train: blobs(100, 3),
      val: blobs(20, 4),
      settings: { ...settings, epochs: 50 },
      signal: controller.signal,
      onEpoch: (s) => {
        if (s.epoch === 3) controller.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(result.history).toHaveLength(3);
    model.dispose();
  });
});

/** Tabular-like rows: 2 numeric columns, then a one-hot group of 10 (3 of 12 inputs non-zero). */
function oneHotRows(rows: number, seed: number): Matrix {
  const rng = mulberry32(seed);
  const width = 12;
  const x = new Float32Array(rows * width);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const level = Math.floor(rng() * 10);
    for (let c = 0; c < 2; c++) x[i * width + c] = rng() * 2 - 1;
    x[i * width + 2 + level] = 1;
    y[i] = (x[i * width] as number) + (level % 2) > 0.5 ? 1 : 0;
  }
  return { x, y, rows, width };
}

describe('fit (the kernels)', () => {
  async function trainTabular(sparseInput: boolean | undefined, overrides: Partial<TrainSettings> = {}) {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, {
      type: 'mlp',
      hidden: [8, 4],
      activation: 'relu',
      dropout: 0.1,
      inputWidth: 12,
      task: 'classification',
      classes: 2,
      seed: 3,
    });
    const result = await fitModel(tf, model, {
      train: oneHotRows(300, 1),
      val: oneHotRows(50, 2),
      settings: { ...settings, epochs: 4, earlyStopping: { ...settings.earlyStopping, enabled: false }, ...overrides },
      ...(sparseInput === undefined ? {} : { sparseInput }),
    });
    const weights = model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer));
    const hash = createHash('sha256').update(Buffer.concat(weights)).digest('hex');
    return { tf, model, result, hash };
  }

  it('gives the same weights with the sparse first layer (the default on one-hot data) as with the dense one', async () => {
    const sparse = await trainTabular(undefined);
    const dense = await trainTabular(false);
    expect(sparse.result.timing.sparseInput).toBe(true);
    expect(dense.result.timing.sparseInput).toBe(false);
    expect(sparse.hash).toBe(dense.hash);
    sparse.model.dispose();
    dense.model.dispose();
  });

  it('is reproducible with dropout, class weights and every optimiser', async () => {
    for (const optimizer of ['adam', 'sgd', 'rmsprop'] as const) {
      const overrides = { optimizer, classWeights: Float32Array.of(1, 3) };
      const [a, b] = [await trainTabular(undefined, overrides), await trainTabular(undefined, overrides)];
      expect(a.hash, optimizer).toBe(b.hash);
      a.model.dispose();
      b.model.dispose();
    }
  });

  it("hands its weights back to the tfjs model: the validation loss of the last epoch is the tfjs scorer's", async () => {
    const { tf, model, result } = await trainTabular(undefined);
    const { scoreModel } = await import('../../../../../src/lib/model/families/tfjs-mlp/scorer.js');
    const val = oneHotRows(50, 2);
    const probabilities = scoreModel(tf, model, val);
    let ce = 0;
    for (let i = 0; i < val.rows; i++)
      ce -= Math.log(Math.max(probabilities[i * 2 + (val.y[i] as number)] as number, 1e-7));
    expect(result.history.at(-1)?.val.val_loss).toBeCloseTo(ce / val.rows, 5);
    model.dispose();
  });

  it('times the training loop apart from validation', async () => {
    const { model, result } = await trainTabular(undefined);
    const { loopSeconds, loopCpuSeconds, validationSeconds, samplesPerSecond } = result.timing;
    expect(loopSeconds).toBeGreaterThan(0);
    expect(loopCpuSeconds).toBeGreaterThan(0);
    expect(validationSeconds).toBeGreaterThan(0);
    expect(samplesPerSecond).toBeCloseTo((300 * 4) / loopSeconds, 3);
    model.dispose();
  });
});

describe('fit (regression)', () => {
  it('learns a linear target with sgd; its Predictor scores RMSE in target units vs the mean baseline', async () => {
    const { tf } = await loadTf('wasm');
    const { scoreOutputs } = await import('../../../../../src/lib/evaluate/score.js');
    const { fitBaseline } = await import('../../../../../src/lib/evaluate/baseline.js');
    const { predictorFor } = await import('../../../../../src/lib/model/index.js');
    const { tfjsScorer } = await import('../../../../../src/lib/model/families/tfjs-mlp/scorer.js');
    const { tinyPipeline, tinySchema } = await import('../../../model/fixtures.js');
    const make = (rows: number, seed: number): Matrix => {
      const rng = mulberry32(seed);
      const x = Float32Array.from({ length: rows * 2 }, () => rng() * 2 - 1);
      const y = Float32Array.from({ length: rows }, (_, i) => 2 * (x[i * 2] as number) - (x[i * 2 + 1] as number));
      return { x, y, rows, width: 2 };
    };
    const model = buildModel(tf, {
      type: 'linear',
      hidden: [],
      activation: 'relu',
      dropout: 0,
      inputWidth: 2,
      task: 'regression',
      classes: 0,
      seed: 3,
    });
    const result = await fitModel(tf, model, {
      train: make(256, 5),
      val: make(64, 6),
      settings: {
        ...settings,
        task: 'regression',
        classes: 1,
        optimizer: 'sgd',
        lr: 0.1,
        l2: 0,
        epochs: 30,
        earlyStopping: { ...settings.earlyStopping, metric: 'val_rmse' },
      },
    });
    expect(result.monitor).toBe('val_rmse');
    expect(result.history.at(-1)?.val.val_rmse).toBeLessThan(0.05);
    // The pipeline's target scaling (center 10, scale 5) turns scaled errors back into target units;
    // its feature `a` is standardised with center 1, scale 2, so the raw column is x · 2 + 1.
    const test = make(64, 7);
    const column = (c: number, f: (v: number) => number) =>
      Float64Array.from({ length: test.rows }, (_, i) => f(test.x[i * 2 + c] as number));
    const source = {
      rows: test.rows,
      column: (name: string) => (name === 'a' ? column(0, (v) => v * 2 + 1) : column(1, (v) => v)),
    };
    const pipeline = tinyPipeline('regression');
    const info = {
      name: 't',
      version: null,
      runId: 'r',
      createdAt: '',
      task: 'regression' as const,
      dir: '',
      metrics: {},
      lineage: {},
    };
    const predictor = predictorFor(
      tfjsScorer(tf, model),
      { info, schema: tinySchema('regression'), pipeline },
      'onehot',
    );
    const yTrue = Float64Array.from(test.y, (v) => v * 5 + 10);
    const scored = scoreOutputs(predictor.predictColumns(source), yTrue, fitBaseline([10, 10], 0));
    expect(scored.task).toBe('regression');
    expect('rmse' in scored.metrics && scored.metrics.rmse).toBeLessThan(0.25);
    expect('rmse' in scored.baseline && scored.baseline.rmse).toBeGreaterThan(5);
    predictor.dispose();
  });
});
