import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/lib/model/manifest.js';
import { mlxBin, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';

let cwd: string;
const quick = ['--set', 'train.epochs=12', '--set', 'train.early_stopping.enabled=false'];

beforeAll(() => {
  cwd = copyProject('mlx-e2e-train-');
  const prepared = runMlx(['data', 'prepare', '-q'], { cwd });
  if (prepared.code !== 0) throw new Error(prepared.stderr);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function train(...args: string[]) {
  const r = runMlx(['train', '--json', '-q', ...quick, ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    runs: {
      runId: string;
      bundleDir: string;
      weightsSha256: string;
      model: { version: number | null };
      registration: string;
    }[];
    leaderboard: { rank: number; label: string; version: number | null }[];
    metric: string;
    tieBreak: string;
  };
}

describe('mlx train (built binary)', { timeout: 90_000 }, () => {
  it('is deterministic: two runs with the same data, config and seed give equal sha256 of weights', {
    timeout: 120_000,
  }, () => {
    const a = train().runs[0];
    // The same data and config again: nothing is trained, the run (and its version) is reused.
    const again = train().runs[0];
    expect(again).toMatchObject({ runId: a?.runId, registration: 'reused', model: { version: a?.model.version } });
    // --force trains anyway, to the same weights; a version with the same data and config exists,
    // so --force is also what registers another.
    const b = train('--force').runs[0];
    const c = train('--set', 'train.lr=0.02').runs[0];
    if (!a || !b || !c) throw new Error('no run');
    const weights = (dir: string) => sha256(readFileSync(path.join(dir, 'weights.bin')));
    expect(b.runId).not.toBe(a.runId);
    expect(weights(a.bundleDir)).toBe(weights(b.bundleDir));
    expect(a.weightsSha256).toBe(weights(a.bundleDir));
    expect(b.model.version).toBe((a.model.version ?? 0) + 1);
    expect(weights(c.bundleDir)).not.toBe(weights(a.bundleDir));
    // Another initialisation on the same split is one override: different weights, same data.
    const d = train('--set', 'train.seed=7').runs[0];
    expect(weights(d?.bundleDir ?? '')).not.toBe(weights(a.bundleDir));

    const verify = runMlx(['runs', 'verify', a.runId, '--json', '-q'], { cwd });
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ runId: a.runId, reproduced: true, expected: a.weightsSha256 });

    const list = runMlx(['runs', 'list', '--json'], { cwd });
    expect(JSON.parse(list.stdout).runs.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([a.runId, b.runId]),
    );
    const compare = runMlx(['runs', 'compare', a.runId, c.runId, '--json'], { cwd });
    expect(compare.code, compare.stderr).toBe(0);
    expect(JSON.parse(compare.stdout).params).toContainEqual({ key: 'train.lr', a: 0.01, b: 0.02 });
    const show = runMlx(['runs', 'show', a.runId.slice(-6)], { cwd });
    expect(show.stdout).toContain(`run ${a.runId} (completed)`);
  });

  it('--multirun trains the cartesian product and prints a leaderboard', { timeout: 180_000 }, () => {
    const result = train('--multirun', '--set', 'train.lr=0.05,0.01', '--set', 'model.hidden=[8],[16,8]');
    expect(result.runs).toHaveLength(4);
    expect(result.metric).toBe('val_accuracy');
    // train.register: best — only the leader became a version.
    expect(result.leaderboard.map((r) => r.version !== null)).toEqual([true, false, false, false]);
    expect(result.leaderboard.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(result.leaderboard.map((r) => r.label).sort()).toEqual([
      'train.lr=0.01 model.hidden=[16,8]',
      'train.lr=0.01 model.hidden=[8]',
      'train.lr=0.05 model.hidden=[16,8]',
      'train.lr=0.05 model.hidden=[8]',
    ]);
    const human = runMlx(['train', '-q', ...quick, '--multirun', '--set', 'lr=0.05,0.01'], { cwd });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Leaderboard by val_accuracy \(ties: val_\w+\)/);
  });

  it('a sweep value without --multirun is a usage error (exit 2)', () => {
    const r = runMlx(['train', '--set', 'train.lr=0.1,0.01'], { cwd });
    expect(r.code).toBe(2);
  });

  it("'tensorflow' backend without tfjs-node is a config error (exit 2)", () => {
    const r = runMlx(['train', '--set', 'train.backend=tensorflow'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tfjs-node is not installed/);
  });

  it('Ctrl-C stops cleanly, keeps the best model so far and exits 130', { timeout: 120_000 }, async () => {
    const child = spawn(
      process.execPath,
      [
        mlxBin,
        'train',
        '--set',
        'train.epochs=100000',
        '--set',
        'train.early_stopping.enabled=false',
        '--log-format',
        'json',
      ],
      {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Never leave a runaway trainer behind, even if this test fails or times out.
    const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
    guard.unref();
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt once training has started (the run directory exists) and had time for a few epochs.
        if (/"message":"run \d/.test(stderr) && !sent) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 2000);
        }
      });
      child.on('exit', (c) => {
        clearTimeout(guard);
        resolve(c);
      });
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Training interrupted at epoch \d+; the best model so far is in .* \(not registered\)/);
    expect(stderr).toContain('Nothing resumes');
    expect(stderr).not.toContain('Resume by training again');
    const runs = JSON.parse(runMlx(['runs', 'list', '--json'], { cwd }).stdout).runs;
    const interrupted = runs.find((r: { status: string }) => r.status === 'interrupted');
    expect(interrupted?.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    const evaluate = runMlx(['evaluate', '--model', interrupted.id, '--json', '-q'], { cwd });
    expect(evaluate.code, evaluate.stderr).toBe(0);
  });
});
