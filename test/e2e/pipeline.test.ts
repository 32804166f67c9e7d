import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a shipped example project (config + raw data only). */
function copyExample(from: string, parts: string[]): string {
  const dir = copyProject('mlx-e2e-pipeline-', parts, from);
  dirs.push(dir);
  return dir;
}

describe('mlx pipeline (built binary, shipped examples, default config)', () => {
  it('penguins: prepare → train → evaluate reaches test accuracy ≥ 0.97, then skips every stage', {
    timeout: 180_000,
  }, () => {
    const cwd = copyExample(repoRoot, ['mlx.config.yaml', 'configs', 'data/raw']);
    const first = runMlx(['pipeline', '--json', '-q'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.stages.map((s: { skipped: boolean }) => s.skipped)).toEqual([false, false, false]);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(result.model).toEqual({ name: 'penguins', version: 1 });
    const bundle = path.join(cwd, 'runs', result.runId, 'model');
    for (const f of [
      'model.json',
      'weights.bin',
      'pipeline.json',
      'schema.json',
      'reference.ndjson',
      'metrics.json',
      'config.yaml',
      'lineage.json',
      'MANIFEST.sha256',
    ])
      expect(existsSync(path.join(bundle, f)), f).toBe(true);
    const metrics = JSON.parse(readFileSync(path.join(bundle, 'metrics.json'), 'utf8'));
    expect(metrics.baseline.test.accuracy).toBeLessThan(0.5);
    const lineage = JSON.parse(readFileSync(path.join(bundle, 'lineage.json'), 'utf8'));
    expect(lineage).toMatchObject({ runId: result.runId, seed: 42, backend: 'wasm', version: 1 });
    expect(lineage.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(result.reportFile, 'utf8')).toContain('<svg');

    const second = runMlx(['pipeline', '--json', '-q'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again.stages.map((s: { skipped: boolean }) => s.skipped)).toEqual([true, true, true]);
    expect(again.runId).toBe(result.runId);
    expect(again.metrics.accuracy).toBe(result.metrics.accuracy);

    // A changed training setting retrains (prepare still skipped) and registers v2.
    const changed = runMlx(['pipeline', '--json', '-q', '--set', 'train.lr=0.005'], { cwd });
    expect(changed.code, changed.stderr).toBe(0);
    const third = JSON.parse(changed.stdout);
    expect(third.stages.map((s: { skipped: boolean }) => s.skipped)).toEqual([true, false, false]);
    expect(third.model.version).toBe(2);
  });

  it('cars: regression reaches test RMSE ≤ 3.3 mpg, and beats the mean baseline', { timeout: 120_000 }, () => {
    const cwd = copyExample(path.join(repoRoot, 'examples', 'cars'), ['mlx.config.yaml', 'data/raw']);
    const run = runMlx(['pipeline', '--json', '-q'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.metrics.rmse).toBeLessThanOrEqual(3.3);
    expect(result.metrics.r2).toBeGreaterThan(0.75);
    const evaluation = JSON.parse(readFileSync(path.join(path.dirname(result.reportFile), 'metrics.json'), 'utf8'));
    expect(evaluation.baseline.rmse).toBeGreaterThan(2 * result.metrics.rmse);
  });
});
