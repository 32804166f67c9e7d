import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { postPredict } from '../helpers/http.js';
import { gentoo, penguin } from '../helpers/penguins.js';
import { copyProject } from '../helpers/project.js';
import { cleanEnv, startServe } from '../helpers/serve.js';
import { readSqliteStore } from '../lib/prediction-store/helpers.js';
import { createTestApp, postJson } from '../lib/serving/helpers.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const post = (url: string, body: unknown) => postPredict(url, body, agent);

describe('mlx serve (built binary, model trained on penguins)', () => {
  let project: string;
  beforeAll(() => {
    project = copyProject('mlx-serve-e2e-');
    const prepare = runMlx(['data', 'prepare'], { cwd: project, env: cleanEnv() });
    expect(prepare.code, prepare.stderr).toBe(0);
    const train = runMlx(['train', '--set', 'train.epochs=30'], { cwd: project, env: cleanEnv() });
    expect(train.code, train.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('predicts, and the store holds exactly one row per predicted instance', async () => {
    const server = await startServe(project, ['--port', '0']);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    const sizes = [1, 3, 5, 1];
    const ids: string[] = [];
    for (const n of sizes) {
      const res = await post(server.url, {
        instances: Array.from({ length: n }, (_, i) => (i % 2 ? gentoo : penguin)),
      });
      if (!('status' in res)) throw new Error(res.error);
      expect(res.status).toBe(200);
      const predictions = res.body.predictions as { label: string }[];
      expect(predictions.map((p) => p.label)).toEqual(
        Array.from({ length: n }, (_, i) => (i % 2 ? 'Gentoo' : 'Adelie')),
      );
      ids.push(String(res.body.request_id));
    }
    const bad = await post(server.url, { instances: [{ ...penguin, island: 'Atlantis' }] });
    expect('status' in bad && bad.status).toBe(422);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    const rows = await readSqliteStore(path.join(project, 'var', 'predictions.sqlite'));
    expect(rows).toHaveLength(10);
    for (const [i, id] of ids.entries()) expect(rows.filter((r) => r.requestId === id)).toHaveLength(sizes[i] ?? -1);
    expect(rows[0]).toMatchObject({ modelName: 'penguins', modelVersion: '1', inputs: penguin });
    // Access log: one line per request, never feature values.
    const log = server.stderr();
    expect(log).toContain('"route":"/v1/predict"');
    expect(log).not.toContain('Torgersen');
    expect(log).not.toContain('Atlantis');

    const out = runMlx(['predictions', 'export', '--since', '1h', '--format', 'csv'], {
      cwd: project,
      env: cleanEnv(),
    });
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toContain('island,bill_length_mm');
    const file = path.join(project, 'exports', 'all.ndjson');
    const json = runMlx(['predictions', 'export', '--format', 'ndjson', '--output', file, '--json'], {
      cwd: project,
      env: cleanEnv(),
    });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 10, format: 'ndjson', output: file });
    const noOutput = runMlx(['predictions', 'export', '--json'], { cwd: project, env: cleanEnv() });
    expect(noOutput.code).toBe(2);
    expect(JSON.parse(noOutput.stdout).error.code).toBe('MLX_USAGE');
  }, 90_000);

  it('holds its young generation at 16 MiB semi-spaces under load, not at the size it started with', async () => {
    const server = await startServe(project, ['--port', '0', '--set', 'store=none']);
    try {
      // 4,000 requests, 16 at a time: allocation enough for V8 to grow the young generation from 1 MiB
      let sent = 0;
      const send = async () => {
        while (sent < 4000) {
          sent++;
          await post(server.url, { instances: [sent % 2 ? gentoo : penguin] });
        }
      };
      await Promise.all(Array.from({ length: 16 }, send));
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const newSpace = Number(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\S+)$/m.exec(metrics)?.[1]);
      // Two semi-spaces of 16 MiB: grown to that, and no further
      expect(newSpace).toBe(32 * 1024 * 1024);
    } finally {
      server.child.kill('SIGTERM');
      await server.exit;
    }
  }, 90_000);

  it('SIGTERM during a burst: exit 0, every 2xx answer is in the store', async () => {
    const store = path.join(project, 'var', 'burst.sqlite');
    const server = await startServe(project, ['--set', `store_path=${store}`], { PORT: '0' });
    let answered = 0;
    const burst = Array.from({ length: 600 }, (_, i) =>
      post(server.url, { instances: [i % 2 ? gentoo : penguin] }).then((a) => {
        answered++;
        return a;
      }),
    );
    await expect.poll(() => answered, { timeout: 30_000, interval: 2 }).toBeGreaterThanOrEqual(150);
    server.child.kill('SIGTERM');
    const answers = await Promise.all(burst);
    expect(await server.exit).toBe(0);
    const ok = answers.flatMap((a) => ('status' in a && a.status === 200 ? [String(a.body.request_id)] : []));
    expect(ok.length).toBeGreaterThanOrEqual(150);
    const stored = new Set((await readSqliteStore(store)).map((r) => r.requestId));
    expect(ok.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(ok.length);
  }, 90_000);

  it('the real predictor leaks no tensor and answers a row the same over 1,000 requests (in-process app)', async () => {
    const { createPredictor } = await import('../../src/lib/model/index.js');
    const tf = await import('@tensorflow/tfjs');
    const runs = path.join(project, 'runs');
    const run = readdirSync(runs).find((d) => !d.startsWith('.')) ?? '';
    const { app } = await createTestApp({ predictor: await createPredictor(path.join(runs, run, 'model')) });
    const first = await postJson(app, '/v1/predict', penguin);
    expect(first.status).toBe(200);
    const alone = ((await first.json()) as { predictions: unknown[] }).predictions[0];
    // An MLP bundle is scored by the kernels (no tfjs tensor); any tfjs fallback must not leak either.
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const res = await postJson(app, '/v1/predict', { instances: [penguin, { ...gentoo, body_mass_g: 4000 + i }] });
      expect(res.status).toBe(200);
      if (i % 100 === 0) expect(((await res.json()) as { predictions: unknown[] }).predictions[0]).toEqual(alone);
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 90_000);

  it('refuses a corrupt bundle at start with exit 2 and a clear message', () => {
    const runs = path.join(project, 'runs');
    const run = readdirSync(runs).find((d) => !d.startsWith('.')) ?? '';
    const copy = path.join(project, 'corrupt-bundle');
    cpSync(path.join(runs, run, 'model'), copy, { recursive: true });
    writeFileSync(path.join(copy, 'weights.bin'), 'tampered');
    const res = runMlx(['serve', '--model', copy, '--port', '0'], { cwd: project, env: cleanEnv() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/weights\.bin/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const none = runMlx(['serve', '--model', 'nosuch@production', '--port', '0'], { cwd: project, env: cleanEnv() });
    expect(none.code).toBe(2);
  });
});
