import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEvaluation } from '../../../src/cli/render/evaluate.js';
import { renderRunDetails } from '../../../src/cli/render/runs.js';
import { renderPipeline, renderTrainResult } from '../../../src/cli/render/train.js';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { listModels, promoteModel } from '../../../src/lib/tracking/models.js';
import { defaultModelRef } from '../../../src/lib/tracking/refs.js';
import { listRuns, showRun } from '../../../src/lib/tracking/runs.js';
import { evaluateModel } from '../../../src/lib/workflows/evaluate.js';
import { runPipeline } from '../../../src/lib/workflows/pipeline.js';
import { predictFile } from '../../../src/lib/workflows/predict.js';
import { trainJobs } from '../../../src/lib/workflows/train.js';
import { type TrainResult, trainModel } from '../../../src/lib/workflows/train-run.js';
import { verifyRun } from '../../../src/lib/workflows/verify.js';
import { copyProject, EXAMPLE_PARTS } from '../../helpers/project.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const logger = silentLogger();
let root: string;
let config: MlxConfig;
let trained: TrainResult;

beforeAll(async () => {
  root = copyProject('mlx-lib-train-', EXAMPLE_PARTS, repo);
  const resolved = await resolveConfig({ cwd: root, env: {}, overrides: ['train.epochs=8', 'train.backend=wasm'] });
  config = resolved.config;
  await prepareData({ root, config, logger });
  trained = await trainModel({ root, config, logger });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainModel (in process, penguins, 8 epochs)', () => {
  it('writes the run directory and registers version 1', () => {
    expect(trained).toMatchObject({
      status: 'completed',
      model: { name: 'penguins', version: 1 },
      task: 'classification',
      epochs: 8,
    });
    expect(trained.rows).toEqual({ train: 241, val: 52, test: 51 });
    for (const f of ['run.json', 'config.yaml', 'history.json', 'train.log'])
      expect(existsSync(path.join(trained.runDir, f)), f).toBe(true);
    expect(existsSync(path.join(root, 'models', 'penguins', 'v1', 'MANIFEST.sha256'))).toBe(true);
    expect(trained.metrics.test_accuracy).toBeGreaterThan(trained.baseline.accuracy ?? 1);
    expect(JSON.parse(readFileSync(path.join(trained.runDir, 'history.json'), 'utf8'))).toHaveLength(8);
    expect(
      renderTrainResult({
        runs: [{ ...trained, label: '' }],
        metric: 'val_accuracy',
        tieBreak: 'val_loss',
        leaderboard: [],
      }),
    ).toContain('penguins v1');
  });

  it('tracking sees the run; verify re-trains it to the same weights', async () => {
    expect(listRuns({ root, config }).map((r) => r.id)).toContain(trained.runId);
    expect(renderRunDetails(showRun({ root, config }, trained.runId))).toContain('completed');
    const verdict = await verifyRun({ root, config, id: trained.runId, logger });
    expect(verdict).toMatchObject({ reproduced: true, expected: trained.weightsSha256 });
    expect(listRuns({ root, config })).toHaveLength(1); // the re-run is thrown away
  }, 60_000);

  it('evaluates, with gate results and a report', async () => {
    const result = await evaluateModel({
      root,
      config,
      logger,
      ref: 'latest',
      failUnder: ['accuracy=0.5', 'log_loss=5'],
    });
    expect(result.gates.every((g) => g.passed)).toBe(true);
    expect(existsSync(result.reportFile ?? '')).toBe(true);
    expect(renderEvaluation(result)).toMatch(/gate accuracy .*: pass/);
  });

  it('predicts a file to NDJSON', async () => {
    const input = path.join(root, 'batch.csv');
    writeFileSync(
      input,
      'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\nBiscoe,48.6,16,230,5800,MALE\n',
    );
    const output = path.join(root, 'out.ndjson');
    const result = await predictFile({ root, config, logger, ref: 'penguins@1', input, output });
    expect(result).toMatchObject({ rows: 1, format: 'ndjson', output });
    const [row] = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(row.prediction).toBe('Gentoo');
    const stdout = await predictFile({ root, config, logger, ref: 'latest', input });
    expect(stdout.text).toMatch(/^island,.*prediction/);
  });

  it('promotes a version; the pipeline skips what is up to date, --force reruns all', async () => {
    expect(await promoteModel({ root, config }, 'penguins@1', 'production')).toMatchObject({
      version: 1,
      previous: null,
    });
    expect((await listModels({ root, config }))[0]?.aliases).toEqual({ production: 1 });
    // Data prepared, the same run exists and was evaluated above: nothing to do.
    const first = await runPipeline({ root, config, logger });
    expect(first.stages.map((s) => s.skipped)).toEqual([true, true, true]);
    expect(first.runId).toBe(trained.runId);
    expect(renderPipeline(first)).toContain('skipped');
    // A stricter gate applies even when every stage is skipped (exit 4).
    const strict = { ...config, evaluate: { ...config.evaluate, fail_under: { accuracy: 1.01 } } };
    await expect(runPipeline({ root, config: strict, logger })).rejects.toMatchObject({
      exitCode: 4,
    });
    const forced = await runPipeline({ root, config, logger, force: true });
    expect(forced.stages.map((s) => s.skipped)).toEqual([false, false, false]);
    expect(forced.model.version).toBe(2);
  }, 60_000);

  it('a sweep of two jobs gives a ranked leaderboard', async () => {
    const jobs = ['0.02', '0.005'].map((lr) => ({
      label: `train.lr=${lr}`,
      root,
      config: { ...config, train: { ...config.train, lr: Number(lr), epochs: 3 } },
    }));
    const result = await trainJobs(jobs, { logger });
    expect(result.leaderboard.map((r) => r.rank)).toEqual([1, 2]);
    expect(renderTrainResult(result)).toMatch(/Leaderboard by val_accuracy \(ties: val_\w+\)/);
    // train.register: best (the default): only the leader became a version, the next one (v3).
    const [leader, second] = result.leaderboard;
    expect(leader?.version).toBe(3);
    expect(second?.version).toBeNull();
    expect(result.runs.find((r) => r.runId === leader?.runId)?.registration).toBe('new');
    const v3 = JSON.parse(readFileSync(path.join(root, 'models', 'penguins', 'v3', 'lineage.json'), 'utf8'));
    expect(v3).toMatchObject({ version: 3, runId: leader?.runId });
    await expect(evaluateModel({ root, config, logger, ref: 'penguins@3' })).resolves.toBeTruthy(); // manifest re-sealed
    expect(renderTrainResult(result)).toContain(`registered: penguins v3 (run ${leader?.runId})`);

    // The same sweep again: nothing is trained (identical data and config), no new version.
    const again = await trainJobs(jobs, { logger });
    expect(again.runs.map((r) => r.registration)).toEqual(['reused', 'reused']);
    expect(again.runs.map((r) => r.runId).sort()).toEqual(result.runs.map((r) => r.runId).sort());
    expect((await listModels({ root, config }))[0]?.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    // --force trains again; the leader's twin becomes a new version.
    const forced = await trainJobs([jobs[0] as (typeof jobs)[number]], { logger, force: true });
    expect(forced.runs[0]).toMatchObject({ registration: 'new', model: { version: 4 } });
  }, 120_000);

  it('registers no new version for a run identical to a registered one, and follows train.register: none', async () => {
    // v1 has this data and config: training it again (no reuse: the call is trainModel itself) adds no version.
    const twin = await trainModel({ root, config, logger });
    expect(twin).toMatchObject({ registration: 'identical', model: { name: 'penguins', version: 1 } });
    expect(
      renderTrainResult({ runs: [{ ...twin, label: '' }], metric: 'm', tieBreak: 't', leaderboard: [] }),
    ).toContain('penguins v1 (no new version: same data and config; --force registers one)');
    const none = { ...config, seed: 5, train: { ...config.train, register: 'none' as const } };
    await prepareData({ root, config: none, logger });
    const [unregistered] = (await trainJobs([{ label: '', root, config: none }], { logger })).runs;
    expect(unregistered).toMatchObject({ registration: 'none', model: { version: null } });
    await prepareData({ root, config, logger });
  }, 120_000);

  it('serve, evaluate, predict and drift default to NAME@production when that alias exists, else latest', async () => {
    // penguins@production is v1 (promoted above); latest is newer.
    const evaluated = await evaluateModel({ root, config, logger });
    expect(evaluated.model.version).toBe(1);
    const input = path.join(root, 'data', 'raw', 'penguins.csv');
    expect((await predictFile({ root, config, logger, input })).model.version).toBe(1);
    expect(await defaultModelRef({ root, config })).toEqual({
      ref: 'penguins@production',
      reason: 'the production alias, v1',
    });
    const other = { ...config, model: { ...config.model, name: 'unpromoted' } };
    expect(await defaultModelRef({ root, config: other })).toMatchObject({ ref: 'latest' });
  }, 60_000);

  it('warns when the best epoch is the last one: not converged', async () => {
    const short = { ...config, seed: 9, train: { ...config.train, epochs: 1, register: 'none' as const } };
    await prepareData({ root, config: short, logger });
    const result = await trainModel({ root, config: short, logger, register: false });
    expect(result.converged).toBe(false);
    expect(
      renderTrainResult({ runs: [{ ...result, label: '' }], metric: 'm', tieBreak: 't', leaderboard: [] }),
    ).toContain('NOT converged');
    await prepareData({ root, config, logger });
  }, 60_000);
});
