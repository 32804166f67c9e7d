// e2e: mlx as a user outside this repository gets it. `npm pack` the package, install the tarball into
// a temporary folder outside the repo (from the npm cache that `npm ci` filled: --prefer-offline), and
// there run `npx mlx init` on a CSV, `npx mlx pipeline`, `npx mlx serve` (one prediction over HTTP)
// and `npx mlx drift`. Needs `npm run build` first, like every e2e test.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const own = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };

/** The environment of a user's shell: Node 24 first on PATH (npm's `#!/usr/bin/env node`), no MLX_ settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
  for (const key of Object.keys(env))
    if (key.startsWith('MLX_') || key.startsWith('npm_') || key === 'PORT') delete env[key];
  return env;
}

function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 300_000) {
  const result = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs });
  return {
    code: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ?? ''}`,
  };
}

/** A small table like a user's own: two numeric columns (one with gaps), a categorical, a label. */
function userCsv(): string {
  const rows = ['tenure,monthly_fee,plan,churned'];
  for (let i = 0; i < 240; i++) {
    const tenure = (i * 37) % 72;
    const fee = i % 23 === 7 ? '' : (20 + ((i * 13) % 80) + (i % 7) / 10).toFixed(1);
    const plan = ['basic', 'plus', 'pro'][(i * 5) % 3];
    const churned = tenure < 20 && plan !== 'pro' ? 'yes' : 'no';
    rows.push(`${tenure},${fee},${plan},${churned}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('the packed tarball, installed outside the repository', () => {
  let work: string;
  let project: string;
  let serve: ChildProcess | undefined;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'mlx-package-'));
    project = path.join(work, 'churn');
    expect(existsSync(path.join(repoRoot, 'dist', 'index.js')), 'run `npm run build` first').toBe(true);
    // dist/ is fresh (npm test builds before vitest); the pack itself needs no scripts.
    const pack = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], repoRoot);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = path.join(work, `${own.name}-${own.version}.tgz`);
    expect(existsSync(tarball), pack.stdout).toBe(true);
    writeFileSync(path.join(work, 'churn.csv'), userCsv());
    run('mkdir', ['-p', project], work);
    const install = run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', tarball],
      project,
      480_000,
    );
    expect(install.code, install.stderr).toBe(0);
  }, 600_000);

  afterAll(() => {
    if (serve?.pid) process.kill(-serve.pid, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('ships bin, dist and the manifest, not the sources or tests', () => {
    const installed = path.join(project, 'node_modules', own.name);
    const top = readdirSync(installed).sort();
    expect(top).toEqual(expect.arrayContaining(['bin', 'dist', 'oclif.manifest.json', 'package.json', 'README.md']));
    for (const absent of ['src', 'test', 'bench', 'scripts', 'data']) expect(top).not.toContain(absent);
    expect(readFileSync(path.join(project, 'node_modules', '.bin', 'mlx'), 'utf8')).toContain('requireNode');
    // arquero's one-file build, which the built mlx loads (src/lib/data/arquero.ts)
    expect(readdirSync(path.join(installed, 'dist', 'vendor'))).toContain('arquero.cjs');
  });

  it('npx mlx init → pipeline → serve (one prediction) → drift', async () => {
    const init = run('npx', ['mlx', 'init', '--data', '../churn.csv', '--target', 'churned'], project);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Initialised churn');
    expect(init.stdout).toMatch(/package\.json\s+kept/);
    expect(existsSync(path.join(project, 'data', 'raw', 'churn.csv'))).toBe(true);

    const pipeline = run('npx', ['mlx', 'pipeline', '--json'], project);
    expect(pipeline.code, pipeline.stderr).toBe(0);
    const result = JSON.parse(pipeline.stdout) as {
      model: { name: string; version: number };
      metrics: Record<string, number>;
    };
    expect(result.model).toEqual({ name: 'churn', version: 1 });
    expect(result.metrics.accuracy).toBeGreaterThan(0.8);

    // Its own process group: npx does not pass SIGTERM on, so the test signals npx and mlx together.
    const child = spawn('npx', ['mlx', 'serve', '--port', '0', '--log-format', 'json'], {
      cwd: project,
      env: userEnv(),
      detached: true,
    });
    serve = child;
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 90_000);
      child.stderr?.on('data', (chunk) => {
        err += String(chunk);
        const found = /listening on (http:\/\/[\d.]+:\d+)/.exec(err)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      exited.then((code) => reject(new Error(`serve exited ${code}:\n${err}`)));
    });
    // The default model when no --model is given, logged: no production alias yet, so latest.
    expect(err).toContain('model: latest (default: no churn@production alias yet)');
    const answer = await fetch(`${url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: [{ tenure: 5, monthly_fee: 42.5, plan: 'basic' }] }),
    });
    const body = await answer.json();
    expect(answer.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ predictions: [{ label: 'yes' }], model_version: '1' });
    process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
    serve = undefined;
    // mlx drained and flushed on SIGTERM: the one prediction is in the store that drift reads next.

    const drift = run('npx', ['mlx', 'drift', '--json'], project);
    expect(drift.code, drift.stderr).toBe(0);
    // One logged prediction is fewer than drift.min_samples: a clear "insufficient data" result.
    expect(JSON.parse(drift.stdout)).toMatchObject({ status: 'insufficient_data', currentRows: 1 });
    const files = run('npx', ['mlx', 'drift', '--current', 'data/raw/churn.csv', '--json'], project);
    expect(files.code, files.stderr).toBe(0);
    expect(JSON.parse(files.stdout)).toMatchObject({ datasetDrift: false });
  }, 600_000);
});
