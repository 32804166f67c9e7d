// e2e: `mlx serve --set serve.workers=2` (node:cluster) on the shipped penguins data: two worker processes
// answer on one port, the primary stores every row (one writer) and /metrics counts the whole cluster; a
// worker that dies is replaced; a worker that cannot start fails the command with its own error.
import { rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { postPredict } from '../helpers/http.js';
import { gentoo, penguin } from '../helpers/penguins.js';
import { copyProject } from '../helpers/project.js';
import { cleanEnv, isAlive, type Server, startServe } from '../helpers/serve.js';
import { readSqliteStore } from '../lib/prediction-store/helpers.js';

/** The pids of the workers that said they are ready, in order. */
const readyWorkers = (server: Server) =>
  server
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"message":"worker ready"'))
    .map((l) => JSON.parse(l) as { worker: number; pid: number });

const metric = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1),
  );

describe('mlx serve with serve.workers=2 (built binary)', () => {
  let project: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  beforeAll(() => {
    project = copyProject('mlx-serve-workers-');
    const prepare = runMlx(['data', 'prepare'], { cwd: project, env: cleanEnv() });
    expect(prepare.code, prepare.stderr).toBe(0);
    const train = runMlx(['train', '--set', 'train.epochs=30'], { cwd: project, env: cleanEnv() });
    expect(train.code, train.stderr).toBe(0);
  }, 180_000);
  afterAll(() => {
    agent.destroy();
    rmSync(project, { recursive: true, force: true });
  });

  it('both workers answer on one port; /metrics is the whole cluster; SIGTERM exits 0 with every answered row stored', async () => {
    const store = path.join(project, 'var', 'cluster.sqlite');
    const server = await startServe(project, ['--port', '0', '--set', 'workers=2', '--set', `store_path=${store}`]);
    // Given two workers up (the primary says "listening on" once both are)
    const workers = readyWorkers(server);
    expect(workers.map((w) => w.worker).sort()).toEqual([1, 2]);
    expect(new Set(workers.map((w) => w.pid)).size).toBe(2);

    // When 400 requests of 1-3 instances are sent over 16 connections
    let next = 0;
    const answers: { id: string; n: number; labels: string[] }[] = [];
    const send = async () => {
      while (next < 400) {
        const n = (next++ % 3) + 1;
        const res = await postPredict(
          server.url,
          { instances: Array.from({ length: n }, (_, i) => (i % 2 ? gentoo : penguin)) },
          agent,
        );
        if (!('status' in res) || res.status !== 200) throw new Error(JSON.stringify(res));
        const labels = (res.body.predictions as { label: string }[]).map((p) => p.label);
        answers.push({ id: String(res.body.request_id), n, labels });
      }
    };
    await Promise.all(Array.from({ length: 16 }, send));

    // Then each answer is the model's, and both workers served (their access-log lines carry their number)
    for (const a of answers)
      expect(a.labels).toEqual(Array.from({ length: a.n }, (_, i) => (i % 2 ? 'Gentoo' : 'Adelie')));
    const served = new Set(
      server
        .stderr()
        .split('\n')
        .filter((l) => l.includes('"route":"/v1/predict"'))
        .map((l) => (JSON.parse(l) as { worker: number }).worker),
    );
    expect([...served].sort()).toEqual([1, 2]);
    // And /metrics (answered by either worker) counts the requests of both, and the model once
    const instances = answers.reduce((sum, a) => sum + a.n, 0);
    for (let scrape = 0; scrape < 4; scrape++) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(metric(text, 'mlx_http_requests_total{route="/v1/predict",method="POST",status="200"}')).toBe(400);
      expect(metric(text, 'mlx_model_call_rows_sum')).toBe(instances);
      expect(metric(text, 'mlx_model_info{name="penguins",version="1"}')).toBe(1);
    }

    // And SIGTERM to the primary alone (as a platform sends it) stops everything with exit 0, every row stored
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    for (const w of workers) expect(isAlive(w.pid)).toBe(false);
    const rows = await readSqliteStore(store);
    expect(rows).toHaveLength(instances);
    const stored = new Map<string, number>();
    for (const r of rows) stored.set(r.requestId, (stored.get(r.requestId) ?? 0) + 1);
    for (const a of answers) expect(stored.get(a.id)).toBe(a.n);
    expect(server.stderr()).toContain(`"storedRows":${instances}`);
  }, 120_000);

  it('rows faster than the IPC pipe takes them (1,000-row batches) all reach the store while it serves', async () => {
    // Given two workers, and 60 batches of 1,000 rows sent 6 at a time: the relay's messages of 500 rows
    // fill the pipe to the primary, so sends queue behind it (process.send answers false)
    const server = await startServe(project, ['--port', '0', '--set', 'workers=2', '--set', 'access_log=false']);
    try {
      const batch = { instances: Array.from({ length: 1000 }, (_, i) => (i % 2 ? gentoo : penguin)) };
      let sent = 0;
      const send = async () => {
        while (sent < 60) {
          sent++;
          const res = await postPredict(server.url, batch, agent);
          if (!('status' in res) || res.status !== 200) throw new Error(JSON.stringify(res));
        }
      };
      await Promise.all(Array.from({ length: 6 }, send));
      // Then every row is committed while the server runs (not left queued in a worker, nor spilled at the end)
      const written = async () =>
        metric(await (await fetch(`${server.url}/metrics`)).text(), 'mlx_prediction_store_written_total');
      await expect.poll(written, { timeout: 20_000, interval: 200 }).toBe(60_000);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
    expect(server.stderr()).not.toContain('spill file');
  }, 120_000);

  it('a worker that dies is replaced; the other one keeps serving meanwhile', async () => {
    const server = await startServe(project, ['--port', '0', '--set', 'workers=2', '--set', 'store=none']);
    try {
      const [first] = readyWorkers(server);
      if (!first) throw new Error('no worker');
      process.kill(first.pid, 'SIGKILL');
      await expect.poll(() => readyWorkers(server).length, { timeout: 30_000 }).toBe(3);
      expect(server.stderr()).toContain('server worker died; starting a replacement');
      const replacement = readyWorkers(server)[2];
      expect(replacement?.worker).toBe(first.worker);
      expect(replacement?.pid).not.toBe(first.pid);
      for (let i = 0; i < 20; i++) {
        const res = await postPredict(server.url, { instances: [gentoo] }, agent);
        expect('status' in res && res.status).toBe(200);
      }
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
  }, 120_000);

  it("a worker that cannot start fails the command with the worker's error and exit code, leaving no process", () => {
    const res = runMlx(
      [
        'serve',
        '--port',
        '0',
        '--log-level',
        'debug',
        '--set',
        'workers=2',
        '--set',
        'auth.token_env=MLX_TEST_UNSET_TOKEN',
      ],
      { cwd: project, env: cleanEnv() },
    );
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain('MLX_TEST_UNSET_TOKEN');
    const started = [...res.stderr.matchAll(/worker started.*?"pid":(\d+)|"pid":(\d+).*?worker started/g)].map((m) =>
      Number(m[1] ?? m[2]),
    );
    expect(started).toHaveLength(2);
    for (const pid of started) expect(isAlive(pid)).toBe(false);
  }, 120_000);
});
