import { describe, expect, it } from 'vitest';
import { defaultConfig, type MlxConfig } from '../../../../../src/lib/config/index.js';
import type { FittedPipeline } from '../../../../../src/lib/data/index.js';
import { MlxError } from '../../../../../src/lib/errors.js';
import { silentLogger } from '../../../../../src/lib/logging.js';
import { mulberry32 } from '../../../../../src/lib/random.js';
import { tfjsMlpTrainer } from '../../../../../src/lib/train/families/tfjs-mlp/index.js';
import type { EpochStats, Matrix } from '../../../../../src/lib/train/types.js';

/** Two Gaussian blobs in 2-D, class 0 around (-1,-1), class 1 around (1,1). */
function blobs(rows: number, seed: number): Matrix {
  const rng = mulberry32(seed);
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const centre = i % 2 ? 1 : -1;
    x[i * 2] = centre + (rng() - 0.5);
    x[i * 2 + 1] = centre + (rng() - 0.5);
    y[i] = i % 2;
  }
  return { x, y, rows, width: 2 };
}

function config(lr: number, epochs = 6): MlxConfig {
  const base = defaultConfig();
  return {
    ...base,
    model: { ...base.model, type: 'mlp', hidden: [8] } as MlxConfig['model'],
    train: { ...base.train, lr, epochs, backend: 'wasm' },
  };
}

async function trainBlobs(lr: number, onEpoch?: (s: EpochStats) => void, signal?: AbortSignal) {
  return tfjsMlpTrainer.fit(
    {
      train: blobs(120, 1),
      val: blobs(40, 2),
      task: 'classification',
      classes: ['a', 'b'],
      pipeline: {} as FittedPipeline,
    },
    {
      config: config(lr),
      seed: 3,
      logger: silentLogger(),
      ...(onEpoch ? { onEpoch } : {}),
      ...(signal ? { signal } : {}),
    },
  );
}

describe('tfjs-mlp trainer: divergence', () => {
  it('stops at the first non-finite epoch and throws MLX_TRAINING_DIVERGED (exit 6), returning no model', async () => {
    const epochs: EpochStats[] = [];
    const error = await trainBlobs(1e30, (s) => epochs.push(s)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_TRAINING_DIVERGED');
    expect((error as MlxError).exitCode).toBe(6);
    expect((error as MlxError).message).toMatch(/^Training diverged at epoch 1: loss is NaN/);
    // The loop stopped right after the first bad epoch, not at the epoch cap.
    expect(epochs).toHaveLength(1);
  });

  it('a sane learning rate trains to finite weights', async () => {
    const trained = await trainBlobs(0.05);
    expect(trained.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    const files = await trained.files();
    expect((files['weights.bin'] as Uint8Array).byteLength).toBeGreaterThan(0);
    trained.scorer.dispose();
  });

  it('Ctrl-C is still an interruption, not a divergence', async () => {
    const controller = new AbortController();
    const trained = await trainBlobs(
      0.05,
      (s) => (s.epoch === 2 ? controller.abort('SIGINT') : undefined),
      controller.signal,
    );
    expect(trained.interrupted).toBe(true);
    expect(trained.history).toHaveLength(2);
    trained.scorer.dispose();
  });
});
