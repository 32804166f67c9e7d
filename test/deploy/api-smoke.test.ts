import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, EXAMPLE_PARTS } from '../helpers/project.js';

// scripts/api-smoke.mjs is the API test run against containers and the deployed service: it must pass against
// the real `mlx serve` and fail against a server that answers wrongly.
const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'bin', 'run.js');
const smoke = path.join(root, 'scripts', 'api-smoke.mjs');

function runSmoke(url: string, extra: string[] = [], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [smoke, '--url', url, '--wait', '20', ...extra], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('scripts/api-smoke.mjs against the real mlx serve', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let url: string;

  beforeAll(async () => {
    dir = copyProject('mlx-api-smoke-', EXAMPLE_PARTS, root);
    const pipeline = spawnSync(process.execPath, [cli, 'pipeline', '--json', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(pipeline.status).toBe(0);
    const runId = JSON.parse(pipeline.stdout).runId as string;
    server = spawn(
      process.execPath,
      [cli, 'serve', '--model', `runs/${runId}/model`, '--port', '0', '--log-format', 'json'],
      {
        cwd: dir,
        env: { ...process.env, MLX_SERVE__AUTH__TOKEN_ENV: 'SMOKE_TOKEN', SMOKE_TOKEN: 'test-token-123' },
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      let err = '';
      server?.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      server?.on('exit', (code) => reject(new Error(`mlx serve exited ${code}: ${err}`)));
    });
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every check, with the bearer token', async () => {
    const res = await runSmoke(url, ['--token-env', 'SMOKE_TOKEN'], { SMOKE_TOKEN: 'test-token-123' });
    expect(res.stdout).toContain('api-smoke: 7 checks passed, 0 failed');
    expect(res.code).toBe(0);
  });

  it('fails the predictions without the token (401)', async () => {
    const res = await runSmoke(url);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL - POST \/v1\/predict returns the expected label for every case: status 401/);
  });
});

describe('scripts/api-smoke.mjs against a server that answers wrongly', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Ready and healthy, but it calls every penguin an Adelie and accepts anything.
    server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-request-id': String(req.headers['x-request-id'] ?? 'x'),
        });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/ready' || req.url === '/health') return send(200, { status: 'ok' });
      if (req.url === '/v1/predict') {
        const predictions = Array.from({ length: 3 }, () => ({ label: 'Adelie', probabilities: { Adelie: 1 } }));
        return send(200, { predictions, model_version: '1' });
      }
      return send(404, { error: { code: 'NOT_FOUND' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports each wrong answer and exits 1', async () => {
    const res = await runSmoke(url);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('ok - GET /ready answers 200');
    expect(res.stdout).toMatch(
      /FAIL - POST \/v1\/predict returns the expected label .*instance 1: label Adelie, expected Gentoo/,
    );
    expect(res.stdout).toMatch(/FAIL - POST \/v1\/predict rejects an invalid instance with 422: status 200/);
    expect(res.stdout).toMatch(/FAIL - GET \/metrics/);
    expect(res.stdout).toMatch(/api-smoke: 2 checks passed, 5 failed/);
  });
});
