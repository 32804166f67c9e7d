import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { ServeConfig } from '../../../src/lib/config/sections/serve.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { type RunningServer, startServer } from '../../../src/lib/serving/server.js';
import { postPredict } from '../../helpers/http.js';
import { readSqliteStore } from '../prediction-store/helpers.js';
import { createTestPredictor, goodInstance } from './helpers.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

const post = (url: string, body: unknown) => postPredict(url, body, agent);

describe('startServer', () => {
  let dir: string;
  let running: RunningServer | undefined;
  const config = (over: Partial<ServeConfig> = {}): ServeConfig => ({
    ...defaultConfig().serve,
    port: 0,
    access_log: false,
    store_path: 'var/p.sqlite',
    ...over,
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-server-'));
  });
  afterEach(async () => {
    await running?.shutdown('test end');
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves over HTTP, and a shutdown during a burst stores every 2xx answer', async () => {
    running = await startServer({
      config: config(),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    let answered = 0;
    const burst = Array.from({ length: 400 }, (_, i) =>
      post(running?.url ?? '', { instances: [goodInstance, { bill_length_mm: 35 + (i % 20), island: 'Dream' }] }).then(
        (a) => {
          answered++;
          return a;
        },
      ),
    );
    // SIGTERM-equivalent in the middle of the burst: some answered, many in flight or queued.
    await expect.poll(() => answered, { timeout: 10_000, interval: 1 }).toBeGreaterThanOrEqual(100);
    const summary = await running.shutdown('test');
    const answers = await Promise.all(burst);
    const ok = answers.filter(
      (a): a is { status: number; body: Record<string, unknown> } => 'status' in a && a.status === 200,
    );
    expect(ok.length).toBeGreaterThanOrEqual(100);
    expect(ok.length).toBeLessThan(400);
    for (const a of answers) if ('status' in a) expect([200, 503]).toContain(a.status);
    const stored = await readSqliteStore(path.join(dir, 'var', 'p.sqlite'));
    expect(summary.storedRows).toBe(stored.length);
    expect(stored.length).toBe(ok.length * 2);
    const ids = new Set(stored.map((r) => r.requestId));
    for (const a of ok) expect(ids.has(String(a.body.request_id))).toBe(true);
    running = undefined;
  });

  it('listens before the model is loaded: /health 200 and /ready 503 meanwhile', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as net.AddressInfo;
        probe.close(() => resolve(address.port));
      });
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const starting = startServer({
      config: config({ port, store: 'none' }),
      root: dir,
      logger: silentLogger(),
      loadPredictor: async () => {
        await gate;
        return createTestPredictor();
      },
    });
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await fetch(`${base}/health`).catch(() => null))?.status, { timeout: 5000 })
      .toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    expect(
      (
        await fetch(`${base}/v1/predict`, {
          method: 'POST',
          body: '{}',
          headers: { 'Content-Type': 'application/json' },
        })
      ).status,
    ).toBe(503);
    release();
    running = await starting;
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('fails at start on a model that cannot load, releasing the port and the store', async () => {
    const failing = startServer({
      config: config(),
      root: dir,
      logger: silentLogger(),
      loadPredictor: () => Promise.reject(new Error('corrupt bundle')),
    });
    await expect(failing).rejects.toThrow('corrupt bundle');
  });

  it('explains a port in use and a missing auth token', async () => {
    running = await startServer({
      config: config(),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    const taken = startServer({
      config: config({ port: running.port, store: 'none' }),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    await expect(taken).rejects.toMatchObject({ code: 'MLX_SERVE_LISTEN', exitCode: 2 });
    const noToken = startServer({
      config: config({ auth: { token_env: 'MLX_TEST_TOKEN_UNSET', protect_ops: false } }),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
      env: {},
    });
    await expect(noToken).rejects.toMatchObject({ code: 'MLX_CONFIG_INVALID', exitCode: 2 });
  });

  it('enforces serve.body_limit on the socket: declared and chunked bodies', async () => {
    running = await startServer({
      config: config({ store: 'none', body_limit: 2048 }),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    const big = JSON.stringify({ instances: Array(100).fill(goodInstance) });
    const declared = await fetch(`${running.url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 500, (i + 1) * 500)));
        controller.close();
      },
    });
    const chunked = await fetch(`${running.url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const ok = await fetch(`${running.url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(goodInstance),
    });
    expect(ok.status).toBe(200);
  });

  it('shuts down cleanly when its abort signal fires (the CLI aborts it on SIGTERM)', async () => {
    const controller = new AbortController();
    running = await startServer({
      config: config({ store: 'none' }),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
      signal: controller.signal,
    });
    controller.abort('SIGTERM');
    const summary = await running.closed;
    expect(summary.reason).toBe('SIGTERM');
    running = undefined;
  });

  it('exposes /metrics that promtool accepts', async () => {
    const promtool = spawnSync('promtool', ['--version']);
    if (promtool.error && process.env.CI)
      throw new Error('promtool is required in CI (scripts/ci/apt-packages: prometheus)');
    running = await startServer({
      config: config(),
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    await post(running.url, { instances: [goodInstance] });
    await post(running.url, { instances: [{}] });
    const text = await (await fetch(`${running.url}/metrics`)).text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('mlx_model_info{name="penguins",version="3"} 1');
    expect(text).toMatch(/^mlx_model_call_rows_sum [1-9]/m);
    expect(text).toMatch(/^mlx_model_call_duration_seconds_count [1-9]/m);
    if (promtool.error) return; // outside CI without promtool: the CI stage scripts/ci/promtool-metrics.sh checks it
    const file = path.join(dir, 'metrics.txt');
    writeFileSync(file, text);
    const out = execFileSync('sh', ['-c', `promtool check metrics < ${file} 2>&1; echo "exit=$?"`], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('exit=0');
  });
});
