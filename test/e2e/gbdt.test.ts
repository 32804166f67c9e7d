import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';
import { startServe } from '../helpers/serve.js';
import { hasOnnxChecker, onnxCheck } from '../lib/model/export/helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** Runs the binary in `cwd` with --json -q and returns the parsed stdout (failing with stderr on a non-zero exit). */
function mlxJson(cwd: string, args: string[]): Record<string, unknown> {
  const run = runMlx([...args, '--json', '-q'], { cwd, timeoutMs: 180_000 });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('model.type gbdt end to end (built binary, shipped penguins example)', () => {
  let cwd: string;
  let result: { runId: string; metrics: Record<string, number>; model: { version: number }; reportFile: string };
  beforeAll(() => {
    cwd = copyProject('mlx-e2e-gbdt-');
    dirs.push(cwd);
    result = mlxJson(cwd, ['pipeline', '--set', 'model=gbdt']) as typeof result;
  }, 240_000);

  it('pipeline --set model=gbdt reaches test accuracy ≥ 0.97 with gbdt.json in the bundle, and runs verify reproduces it', () => {
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
    const bundle = path.join(cwd, 'runs', result.runId, 'model');
    expect(existsSync(path.join(bundle, 'gbdt.json'))).toBe(true);
    expect(existsSync(path.join(bundle, 'weights.bin'))).toBe(false);
    expect(json(path.join(bundle, 'lineage.json'))).toMatchObject({ family: 'gbdt', format: 'mlx-gbdt' });
    const metrics = json(path.join(bundle, 'metrics.json'));
    expect(metrics.forest.trees).toBe(3 * metrics.forest.iterations);
    expect(metrics.permutation_importance.features).toHaveLength(6);
    const report = readFileSync(result.reportFile, 'utf8');
    expect(report).toContain('Feature importance (total split gain)');
    // Same data + config + seed ⇒ the same gbdt.json, to the byte.
    expect(mlxJson(cwd, ['runs', 'verify', result.runId])).toMatchObject({ reproduced: true });
  });

  it('predict, serve (missing values answered natively) and drift with prediction drift use the gbdt model', async () => {
    const predicted = mlxJson(cwd, ['predict', '-i', 'data/raw/penguins.csv', '-o', 'preds.csv']);
    expect(predicted).toMatchObject({ rows: 344 });
    const lines = readFileSync(path.join(cwd, 'preds.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(345);
    expect(lines[0]).toContain('prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo');

    const server = await startServe(cwd, ['--port', '0']);
    try {
      const res = await fetch(`${server.url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          instances: [
            { island: 'Biscoe', bill_length_mm: 50, bill_depth_mm: 15, flipper_length_mm: 220, body_mass_g: 5500 },
            { island: 'Torgersen', bill_length_mm: 38, bill_depth_mm: 18, flipper_length_mm: 190, sex: 'FEMALE' },
          ],
        }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { predictions: { label: string }[]; model_version: string };
      expect(body.predictions.map((p) => p.label)).toEqual(['Gentoo', 'Adelie']);
      expect(body.model_version).toBe(String(result.model.version));
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exit).toBe(0);

    // Longer bills on every row: the bill column drifts, and so do the model's predictions.
    const raw = readFileSync(path.join(cwd, 'data/raw/penguins.csv'), 'utf8').trim().split('\n');
    const shifted = raw.map((line, i) => {
      const cells = line.split(',');
      const bill = Number(cells[2]);
      if (i > 0 && cells[2] !== '' && Number.isFinite(bill)) cells[2] = String(bill + 6);
      return cells.join(',');
    });
    writeFileSync(path.join(cwd, 'shifted.csv'), `${shifted.join('\n')}\n`);
    const drift = mlxJson(cwd, ['drift', '--current', 'shifted.csv', '--predictions']) as {
      prediction: { drifted: boolean; role: string };
    };
    expect(drift.prediction).toMatchObject({ role: 'prediction', drifted: true });
    const same = mlxJson(cwd, ['drift', '--current', 'data/raw/penguins.csv', '--predictions']) as typeof drift;
    expect(same.prediction.drifted).toBe(false);
  }, 180_000);

  it('models export --format onnx writes a model (passing onnx.checker where installed); --format web is refused', () => {
    const onnx = path.join(cwd, 'penguins.onnx');
    const exported = mlxJson(cwd, ['models', 'export', 'latest', '--format', 'onnx', '-o', onnx]);
    expect(exported).toMatchObject({ format: 'onnx' });
    expect(readFileSync(onnx).length).toBeGreaterThan(10_000);
    if (hasOnnxChecker) expect(onnxCheck(onnx)).toBe('');
    const web = runMlx(['models', 'export', 'latest', '--format', 'web', '-o', 'web'], { cwd });
    expect(web.code).toBe(2);
    expect(web.stderr).toContain("family 'gbdt'");
  });

  it('--multirun sweeps over a gbdt key: one run per value and a leaderboard', () => {
    const sweep = mlxJson(cwd, ['train', '--multirun', '--set', 'model=gbdt', '--set', 'model.learning_rate=0.05,0.2']);
    const board = sweep.leaderboard as { label: string; runId: string }[];
    expect(sweep.runs).toHaveLength(2);
    expect(new Set(board.map((r) => r.runId)).size).toBe(2);
    expect(board.map((r) => r.label).sort()).toEqual(['model.learning_rate=0.05', 'model.learning_rate=0.2']);
  }, 180_000);
});

describe('model.type gbdt end to end (built binary, shipped cars example)', () => {
  it('pipeline --set model=gbdt: test RMSE ≤ 3.2 mpg (scikit-learn HGB: 3.14 on the same split), far below the baseline', {
    timeout: 180_000,
  }, () => {
    const cwd = copyProject(
      'mlx-e2e-gbdt-cars-',
      ['mlx.config.yaml', 'configs', 'data/raw'],
      path.join(repoRoot, 'examples', 'cars'),
    );
    dirs.push(cwd);
    const result = mlxJson(cwd, ['pipeline', '--set', 'model=gbdt']) as {
      metrics: { rmse: number; r2: number };
      reportFile: string;
    };
    expect(result.metrics.rmse).toBeLessThanOrEqual(3.2);
    expect(result.metrics.r2).toBeGreaterThan(0.75);
    const evaluation = json(path.join(path.dirname(result.reportFile), 'metrics.json'));
    expect(evaluation.baseline.rmse).toBeGreaterThan(2 * result.metrics.rmse);
  });
});
