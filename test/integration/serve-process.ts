// `mlx serve` as a child process (the built binary) and a load generator that records every acknowledged
// request id: the fault-injection, SQLite-lock and PostgreSQL-replica tests count them against the store.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { mlxBin } from '../helpers/cli.js';
import { penguin } from '../helpers/penguins.js';
import { cleanEnv } from './helpers.js';

export { penguin };

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `mlx serve --port 0 --log-format json ARGS` and resolves once it listens. */
export function spawnServe(project: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [mlxBin, 'serve', '--port', '0', '--log-format', 'json', '--set', 'access_log=false', ...args],
    { cwd: project, env: { ...cleanEnv(), ...env } },
  );
  let out = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mlx serve did not start:\n${out}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => out, exit });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`mlx serve exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

export interface LoadResult {
  /** request id → the time (epoch ms) its 200 arrived. */
  acked: Map<string, number>;
  /** HTTP statuses (and `error` for connection failures) → count. */
  statuses: Record<string, number>;
}

/** Posts one penguin per request with `concurrency` loops spread over `urls` until stopped (`pauseMs` between). */
export function startLoad(urls: () => readonly string[], concurrency: number, pauseMs = 0) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const result: LoadResult = { acked: new Map(), statuses: {} };
  let running = true;
  let n = 0;
  const loop = async (worker: number) => {
    while (running) {
      const targets = urls();
      const url = targets[(n + worker) % Math.max(1, targets.length)];
      n++;
      if (!url) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const res = await postPredict(url, { instances: [{ ...penguin, body_mass_g: 3000 + (n % 2000) }] }, agent);
      const key = 'status' in res ? String(res.status) : 'error';
      result.statuses[key] = (result.statuses[key] ?? 0) + 1;
      if ('status' in res && res.status === 200) result.acked.set(String(res.body.request_id), Date.now());
      // A failed connection (a killed server) retries after a short pause instead of spinning.
      if (!('status' in res)) await new Promise((r) => setTimeout(r, 20));
      else if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const loops = Array.from({ length: concurrency }, (_, i) => loop(i));
  return {
    result,
    async stop(): Promise<LoadResult> {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return result;
    },
  };
}

/** POST /v1/predict; a connection error or a torn body (a killed server) is `{ error }`, never a throw. */
function postPredict(
  url: string,
  body: unknown,
  agent: http.Agent,
): Promise<{ status: number; body: Record<string, unknown> } | { error: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/v1/predict`,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('error', (error) => resolve({ error: error.message }));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            resolve({ error: `torn body: ${text.slice(0, 80)}` });
          }
        });
      },
    );
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(data);
  });
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
