import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunDetails } from '../../../src/cli/render/runs.js';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { InterruptedError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { sha256 } from '../../../src/lib/model/index.js';
import { showRun } from '../../../src/lib/tracking/runs.js';
import { evaluateModel } from '../../../src/lib/workflows/evaluate.js';
import { trainJobs } from '../../../src/lib/workflows/train.js';
import { type TrainResult, trainModel } from '../../../src/lib/workflows/train-run.js';
import { verifyRun } from '../../../src/lib/workflows/verify.js';
import { copyProject, EXAMPLE_PARTS } from '../../helpers/project.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const logger = silentLogger();
let root: string;
let config: MlxConfig;
let trained: TrainResult;

const configWith = async (...overrides: string[]) =>
  (await resolveConfig({ cwd: root, env: {}, overrides: ['model=gbdt', ...overrides] })).config;
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const gbdtSha = (result: TrainResult) => sha256(readFileSync(path.join(result.bundleDir, 'gbdt.json')));

beforeAll(async () => {
  root = copyProject('mlx-lib-gbdt-', EXAMPLE_PARTS, repo);
  config = await configWith();
  await prepareData({ root, config, logger });
  trained = await trainModel({ root, config, logger });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainModel with model.type gbdt (in process, penguins)', () => {
  it('registers a bundle with gbdt.json, a learning curve per iteration, the forest and both importances', () => {
    expect(trained).toMatchObject({ status: 'completed', model: { name: 'penguins', version: 1 }, epochs: 100 });
    expect(trained.metrics.test_accuracy).toBeGreaterThanOrEqual(0.97);
    const lineage = json(path.join(trained.bundleDir, 'lineage.json'));
    expect(lineage).toMatchObject({ family: 'gbdt', format: 'mlx-gbdt', weightsSha256: gbdtSha(trained) });
    const history = json(path.join(trained.runDir, 'history.json')) as Record<string, number>[];
    expect(history).toHaveLength(100);
    expect(history[0]).toMatchObject({ epoch: 1, loss: expect.any(Number), val_loss: expect.any(Number) });
    const metrics = json(path.join(trained.bundleDir, 'metrics.json'));
    // 241 training rows: early stopping is off (auto), so every iteration is kept, 3 trees each.
    expect(metrics.forest).toMatchObject({ iterations: 100, trees: 300, iterations_run: 100 });
    expect(metrics.forest.leaves).toBeGreaterThan(300);
    expect(metrics.settings).toMatchObject({ learning_rate: 0.1, max_iter: 100, early_stopping_resolved: false });
    const gain = metrics.feature_importance.features as { name: string; share: number }[];
    expect(gain.map((g) => g.name)).toEqual([
      'island',
      'bill_length_mm',
      'bill_depth_mm',
      'flipper_length_mm',
      'body_mass_g',
      'sex',
    ]);
    expect(gain.reduce((a, g) => a + g.share, 0)).toBeCloseTo(1, 12);
    const permutation = metrics.permutation_importance;
    expect(permutation).toMatchObject({ metric: 'log_loss', split: 'test', rows: 51, repeats: 5, seed: 42 });
    const top = [...permutation.features].sort((a: { mean: number }, b: { mean: number }) => b.mean - a.mean)[0];
    expect(top.name).toBe('bill_length_mm');
  });

  it('runs show prints the forest and the importances; verify re-trains the same gbdt.json', async () => {
    const text = renderRunDetails(showRun({ root, config }, trained.runId));
    expect(text).toMatch(/forest: 300 trees \(100 iterations, best \d+\), \d+ leaves/);
    expect(text).toContain('increase of log_loss when the feature is shuffled');
    expect(text).toMatch(/bill_length_mm +\d/);
    const verdict = await verifyRun({ root, config, id: trained.runId, logger });
    expect(verdict).toMatchObject({ reproduced: true, backend: 'wasm' });
  }, 60_000);

  it('given 1 or 2 threads, then gbdt.json is the same to the byte', async () => {
    const one = await trainModel({ root, config: await configWith('model.threads=1'), logger, register: false });
    const two = await trainModel({ root, config: await configWith('model.threads=2'), logger, register: false });
    expect(gbdtSha(one)).toBe(gbdtSha(trained));
    expect(gbdtSha(two)).toBe(gbdtSha(trained));
  }, 60_000);

  it('evaluate writes the importances and the forest into metrics.json and the report', async () => {
    const result = await evaluateModel({ root, config, logger, ref: 'latest' });
    const written = json(result.metricsFile);
    expect(written.forest).toMatchObject({ trees: 300 });
    expect(written.importance.permutation.features).toHaveLength(6);
    const html = readFileSync(result.reportFile ?? '', 'utf8');
    expect(html).toContain('Permutation importance (test split');
    expect(html).toContain('Feature importance (total split gain)');
  });

  it('given the same data and config again, then the run is reused, all 100 iterations and not stopped early', async () => {
    const again = await trainJobs([{ label: '', root, config }], { logger });
    expect(again.runs[0]).toMatchObject({
      registration: 'reused',
      runId: trained.runId,
      epochs: 100,
      stoppedEarly: false,
      bestEpoch: trained.bestEpoch,
    });
  });

  it('given early stopping on, then it stops on the validation loss and keeps the best iteration', async () => {
    const result = await trainModel({
      root,
      config: await configWith('model.early_stopping=true', 'model.n_iter_no_change=5'),
      logger,
      register: false,
    });
    const metrics = json(path.join(result.bundleDir, 'metrics.json'));
    expect(result.stoppedEarly).toBe(true);
    expect(metrics.monitor).toBe('val_loss');
    expect(metrics.forest.iterations).toBe(result.bestEpoch);
    expect(metrics.forest.iterations_run).toBe(result.bestEpoch + 5);
    expect(result.metrics.test_accuracy).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('given balanced class weights, then the rows are weighted (another model)', async () => {
    const result = await trainModel({
      root,
      config: await configWith('train.class_weights=balanced'),
      logger,
      register: false,
    });
    expect(gbdtSha(result)).not.toBe(gbdtSha(trained));
    expect(result.metrics.test_accuracy).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('given Ctrl-C during boosting, then the best iteration so far is written and nothing is registered', async () => {
    const controller = new AbortController();
    const run = trainModel({
      root,
      config: await configWith(),
      logger,
      signal: controller.signal,
      onEpoch: (s) => {
        if (s.epoch === 6) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    const runs = path.join(root, 'runs');
    const interrupted = readdirSync(runs)
      .map((id) => path.join(runs, id))
      .filter((dir) => json(path.join(dir, 'run.json')).status === 'interrupted');
    expect(interrupted).toHaveLength(1);
    const dir = interrupted[0] as string;
    expect(json(path.join(dir, 'run.json')).model.version).toBeNull();
    const forest = json(path.join(dir, 'model', 'metrics.json')).forest;
    expect(forest.iterations_run).toBe(6);
    expect(forest.iterations).toBe(forest.best_iteration);
    expect(forest.iterations).toBeLessThanOrEqual(6);
  }, 60_000);
});
