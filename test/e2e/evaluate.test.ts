import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';

let cwd: string;
let first: { runId: string; bundleDir: string };
const quick = ['--set', 'train.epochs=15'];

beforeAll(() => {
  cwd = copyProject('mlx-e2e-evaluate-');
  expect(runMlx(['data', 'prepare', '-q'], { cwd }).code).toBe(0);
  for (const lr of ['0.01', '0.003']) {
    const r = runMlx(['train', '--json', '-q', ...quick, '--set', `train.lr=${lr}`], { cwd });
    if (r.code !== 0) throw new Error(r.stderr);
    first ??= JSON.parse(r.stdout).runs[0];
  }
}, 180_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('mlx evaluate / predict / models (built binary)', { timeout: 90_000 }, () => {
  it('evaluates the latest model on the test split: metrics vs baseline, report and metrics.json', () => {
    const r = runMlx(['evaluate', '--json', '-q'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.model).toMatchObject({ name: 'penguins', version: 2 });
    expect(result.metrics.accuracy).toBeGreaterThan(result.baseline.accuracy);
    expect(Object.keys(result.metrics.per_class)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(result.metrics.confusion_matrix.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(
      result.metrics.n,
    );
    expect(readFileSync(result.reportFile, 'utf8')).toMatch(/Confusion matrix[\s\S]*ROC/);
    expect(JSON.parse(readFileSync(result.metricsFile, 'utf8')).metrics.accuracy).toBe(result.metrics.accuracy);
  });

  it('--fail-under exits 4 when a gate is missed, 0 when met', () => {
    const fail = runMlx(['evaluate', '--fail-under', 'accuracy=1.01'], { cwd });
    expect(fail.code).toBe(4);
    expect(fail.stderr).toMatch(/Quality gate failed: accuracy/);
    expect(fail.stdout).toMatch(/gate accuracy .* FAIL/);
    expect(runMlx(['evaluate', '-q', '--fail-under', 'accuracy=0.5'], { cwd }).code).toBe(0);
  });

  it('--compare prints deltas against the champion', () => {
    expect(runMlx(['models', 'promote', 'penguins@1', '--alias', 'production', '-q'], { cwd }).code).toBe(0);
    const r = runMlx(['evaluate', '--compare', 'penguins@production', '--json', '-q'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const { comparison, metrics } = JSON.parse(r.stdout);
    expect(comparison.against).toMatchObject({ name: 'penguins', version: 1 });
    expect(comparison.deltas.accuracy.delta).toBeCloseTo(metrics.accuracy - comparison.deltas.accuracy.against, 12);
  });

  it('evaluate --data validates the file against the schema (exit 3 on violations)', () => {
    const good = runMlx(['evaluate', '--data', 'data/raw/penguins.csv', '--json', '-q'], { cwd });
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout).metrics.n).toBe(344);
    writeFileSync(path.join(cwd, 'bad.csv'), 'Species,Island,Beak Length (mm)\nAdelie,Atlantis,40\n');
    const bad = runMlx(['evaluate', '--data', 'bad.csv'], { cwd });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/not_allowed|missing_column/);
  });

  it('predict writes CSV to stdout and NDJSON to a file; invalid input exits 3', () => {
    const csv = runMlx(['predict', '--input', 'data/raw/penguins.csv', '-q'], { cwd });
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(345);
    expect(lines[0]).toMatch(/,prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo$/);
    const out = path.join(cwd, 'out.ndjson');
    const nd = runMlx(
      ['predict', '--input', 'data/raw/penguins.csv', '--output', out, '--model', 'penguins@1', '--json', '-q'],
      { cwd },
    );
    expect(nd.code, nd.stderr).toBe(0);
    expect(JSON.parse(nd.stdout)).toMatchObject({ rows: 344, format: 'ndjson', model: { version: 1 } });
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const correct = rows.filter((r) => r.prediction === r.species).length;
    expect(correct / rows.length).toBeGreaterThan(0.9);
    writeFileSync(path.join(cwd, 'bad.csv'), 'Island,Beak Length (mm)\nAtlantis,40\n');
    expect(runMlx(['predict', '--input', 'bad.csv'], { cwd }).code).toBe(3);
  });

  it('predict --threads 2 (the file cut in two halves, predicted at once, joined in order) writes what one thread writes', () => {
    const outputs = ['1', '2'].map((threads) => {
      const out = path.join(cwd, `threads-${threads}.csv`);
      const r = runMlx(['predict', '--input', 'data/raw/penguins.csv', '--output', out, '--threads', threads, '-q'], {
        cwd,
      });
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]?.trim().split('\n')).toHaveLength(345);
    expect(runMlx(['predict', '--input', 'data/raw/penguins.csv', '--threads', '3'], { cwd }).code).toBe(2);
  });

  it('a bundle whose MANIFEST does not match is refused by evaluate and predict (exit 2)', () => {
    const copy = path.join(cwd, 'tampered');
    cpSync(first.bundleDir, copy, { recursive: true });
    appendFileSync(path.join(copy, 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    const evaluate = runMlx(['evaluate', '--model', copy, '--json'], { cwd });
    expect(evaluate.code).toBe(2);
    expect(JSON.parse(evaluate.stdout).error).toMatchObject({ code: 'MLX_BUNDLE_CORRUPT' });
    const predict = runMlx(['predict', '--model', copy, '--input', 'data/raw/penguins.csv'], { cwd });
    expect(predict.code).toBe(2);
    expect(predict.stderr).toMatch(/weights.bin \(sha256 differs\)/);
    expect(predict.stderr).not.toMatch(/\n\s+at /);
  });

  it('models list shows versions and aliases; unknown refs are usage errors', () => {
    const r = runMlx(['models', 'list', '--json'], { cwd });
    const [model] = JSON.parse(r.stdout).models;
    expect(model.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(model.aliases).toEqual({ production: 1 });
    expect(runMlx(['models', 'list'], { cwd }).stdout).toMatch(/penguins\s+1\s+production/);
    expect(runMlx(['evaluate', '--model', 'penguins@staging'], { cwd }).code).toBe(2);
    expect(runMlx(['models', 'promote', first.runId, '--alias', 'staging', '-q'], { cwd }).code).toBe(0);
  });
});
