import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { MlxError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { loadTf } from '../../../src/lib/model/families/tfjs-mlp/backend.js';
import { buildModel } from '../../../src/lib/model/families/tfjs-mlp/build.js';
import { tfjsScorer } from '../../../src/lib/model/families/tfjs-mlp/scorer.js';
import { listRuns } from '../../../src/lib/tracking/runs.js';
import { trainModel } from '../../../src/lib/workflows/train-run.js';
import { divergedOutputs, refuseDivergence } from '../../../src/lib/workflows/train-scores.js';
import { copyProject, EXAMPLE_PARTS } from '../../helpers/project.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const logger = silentLogger();
let root: string;
let config: MlxConfig;

beforeAll(async () => {
  root = copyProject('mlx-lib-diverge-', EXAMPLE_PARTS, repo);
  const resolved = await resolveConfig({
    cwd: root,
    env: {},
    overrides: ['train.epochs=5', 'train.backend=wasm', 'train.lr=1e30'],
  });
  config = resolved.config;
  await prepareData({ root, config, logger });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a diverged training run (train.lr=1e30)', () => {
  it('fails with MLX_TRAINING_DIVERGED (exit 6): run failed, no bundle, nothing registered', async () => {
    const error = await trainModel({ root, config, logger }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_TRAINING_DIVERGED');
    expect((error as MlxError).exitCode).toBe(6);
    const [run] = listRuns({ root, config });
    expect(run?.status).toBe('failed');
    expect(run?.model).toBeNull();
    const runDir = path.join(root, 'runs', run?.id ?? '');
    expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).error).toMatch(/diverged at epoch 1/);
    expect(existsSync(path.join(runDir, 'model'))).toBe(false);
    expect(existsSync(path.join(root, 'models', 'penguins'))).toBe(false);
  }, 60_000);
});

describe('the family-agnostic check (any Trainer, e.g. GBDT)', () => {
  it('refuses a returned model whose history has a non-finite loss, and releases its scorer', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, {
      type: 'linear',
      hidden: [],
      activation: 'relu',
      dropout: 0,
      inputWidth: 2,
      task: 'regression',
      classes: 0,
      seed: 1,
    });
    const scorer = tfjsScorer(tf, model);
    const history = [
      { epoch: 1, epochs: 3, loss: 2, val: {}, elapsedMs: 1, improved: true },
      { epoch: 2, epochs: 3, loss: Number.POSITIVE_INFINITY, val: {}, elapsedMs: 2, improved: false },
    ];
    expect(() => refuseDivergence({ history: history.slice(0, 1), scorer })).not.toThrow();
    expect(() => refuseDivergence({ history, scorer })).toThrow(/diverged at epoch 2: loss is Infinity/);
    expect(() => scorer.score({ x: new Float32Array(2), rows: 1, width: 2 })).toThrow(/dispose/);
  });

  it('turns a model that scores its own splits to NaN into MLX_TRAINING_DIVERGED; other errors pass', () => {
    const nan = new MlxError('MLX_MODEL_OUTPUT', 'The model gave 3 NaN or infinite output(s) for 3 row(s)');
    expect((divergedOutputs(nan) as MlxError).code).toBe('MLX_TRAINING_DIVERGED');
    const other = new Error('disk full');
    expect(divergedOutputs(other)).toBe(other);
  });
});
