// Shared by bench/serve*.ts: a free port, server processes, readiness, wrk runs and their parsed figures,
// the 1,000-row batch client, and what /proc says about a process (CPU seconds, RSS).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { median, projectRoot } from './lib.js';

export const penguin = {
  island: 'Torgersen',
  bill_length_mm: 39.1,
  bill_depth_mm: 18.7,
  flipper_length_mm: 181,
  body_mass_g: 3750,
  sex: 'MALE',
};

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** A server under test: its process, base URL and the file its stderr (the access log) goes to. */
export interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  log: string;
  stop(): Promise<void>;
}

/** Spawns a server (`{port}` in its arguments is replaced), stderr to `log`; resolves once `/health` answers. */
export async function startServer(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; log: string },
): Promise<Server> {
  const port = await freePort();
  const fd = openSync(options.log, 'w');
  const child = spawn(
    cmd,
    args.map((a) => a.replace('{port}', String(port))),
    { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', fd] },
  );
  closeSync(fd);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitReady(`${base}/health`, child);
  } catch (error) {
    await stop();
    throw new Error(`${cmd} did not start: ${String(error)}\n${readFileSync(options.log, 'utf8').slice(-2000)}`);
  }
  return { child, pid: child.pid ?? 0, base, log: options.log, stop };
}

/** CPU seconds (user + system, every thread) a process has used so far; Linux clock ticks are 1/100 s. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process and its descendants (a cluster's workers, uvicorn's worker processes), from /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {} // exited meanwhile
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i] as number) ?? []));
  return out;
}

/** CPU seconds of a process and its descendants alive now. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}

/** RSS of a process and its descendants, summed (shared pages counted in each): now, and the sum of their peaks. */
export function treeRssMiB(pid: number): { now: number; peak: number } {
  return processTree(pid)
    .map(rssMiB)
    .reduce((a, b) => ({ now: a.now + b.now, peak: a.peak + b.peak }), { now: 0, peak: 0 });
}

/** Resident set size now, and its peak so far (MiB). */
export function rssMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const toMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? Number.NaN);

export interface WrkResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  requests: number;
  /** 2xx answers (requests minus non-2xx and socket errors). */
  ok: number;
}

/** `wrk` POSTing one penguin per request for `seconds` with `connections` connections (script in `dir`). */
export async function wrk(url: string, seconds: number, connections: number, dir: string): Promise<WrkResult> {
  const script = path.join(dir, 'post.lua');
  const body = JSON.stringify({ instances: [penguin] }).replaceAll("'", "\\'");
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '${body}'\n`,
  );
  const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url];
  const out = await new Promise<string>((resolve, reject) =>
    execFile('wrk', args, { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
  const lat = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out);
    return m?.[1] && m[2] ? toMs(m[1], m[2]) : Number.NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: lat('50'),
    p90: lat('90'),
    p99: lat('99'),
    errors: non2xx + socketErrors,
    requests,
    ok: requests - non2xx,
  };
}

export interface BatchResult {
  /** Client-side: request sent → last byte of the answer, over one keep-alive connection (ms). */
  httpP50: number;
  /** The same for the first (at most 20) unmeasured batches: the server's batch path warming up. */
  warmupP50: number | null;
  httpMax: number;
  /** The request ids, to find each request's server-side latency in the access log. */
  ids: string[];
  /** The last answer's text (what the loopback floor serves back: bench/serve-floor.js). */
  answer: string;
}

/** `count` 1,000-instance batches one after another (after `warmup` unmeasured), each answer checked. */
export async function batches(base: string, count: number, warmup = 3): Promise<BatchResult> {
  const body = JSON.stringify({
    instances: Array.from({ length: 1000 }, (_, i) => ({ ...penguin, body_mass_g: 3000 + i })),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  const first: number[] = [];
  const ids: string[] = [];
  let answer = '';
  try {
    for (let i = -warmup; i < count; i++) {
      const id = `bench-batch-${i + warmup}`;
      const start = performance.now();
      const { status, text } = await post(`${base}/v1/predict`, body, agent, id);
      const ms = performance.now() - start;
      const predictions = (JSON.parse(text) as { predictions?: unknown[] }).predictions;
      if (status !== 200 || predictions?.length !== 1000)
        throw new Error(`batch failed: ${status} ${text.slice(0, 200)}`);
      answer = text;
      if (i >= 0) {
        times.push(ms);
        ids.push(id);
      } else if (first.length < 20) first.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return {
    httpP50: median(times),
    warmupP50: first.length > 0 ? median(first) : null,
    httpMax: Math.max(...times),
    ids,
    answer,
  };
}

function post(url: string, body: string, agent: http.Agent, id: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Request-Id': id },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The server's answer to wrk's request (one penguin): what the floor servers send back. */
export async function penguinAnswer(base: string): Promise<string> {
  const body = JSON.stringify({ instances: [penguin] });
  const res = await fetch(`${base}/v1/predict`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  return res.text();
}

/** `wrk` for 3 s unmeasured, then for `seconds`, with the server's CPU (every process and thread) per request. */
export async function measuredLoad(
  server: Server,
  seconds: number,
  connections: number,
  dir: string,
): Promise<WrkResult & { cpuUsPerRequest: number }> {
  const url = `${server.base}/v1/predict`;
  await wrk(url, 3, connections, dir);
  const cpuBefore = treeCpuSeconds(server.pid);
  const load = await wrk(url, seconds, connections, dir);
  return { ...load, cpuUsPerRequest: ((treeCpuSeconds(server.pid) - cpuBefore) / load.requests) * 1e6 };
}

/**
 * Runs `use` against bench/serve-floor.js answering every POST with `answer` after `spinUs` µs of busy work
 * (0: none), then stops it.
 */
export async function withFloor<T>(
  answer: string,
  dir: string,
  tag: string,
  use: (floor: Server) => Promise<T>,
  spinUs = 0,
): Promise<T> {
  const file = path.join(dir, `floor-answer-${tag}.json`);
  writeFileSync(file, answer);
  const args = [path.join(projectRoot, 'bench', 'serve-floor.js'), '--port', '{port}', '--answer', file];
  if (spinUs > 0) args.push('--spin-us', String(spinUs));
  const floor = await startServer(process.execPath, args, {
    cwd: dir,
    env: process.env,
    log: path.join(dir, `floor-${tag}.log`),
  });
  try {
    return await use(floor);
  } finally {
    await floor.stop();
  }
}

/**
 * The same batches against bench/serve-floor.js answering `answer` (a real answer of the server measured
 * before): the client-side p50 of sending the body and reading that answer over loopback, with no server
 * work — what "through HTTP" costs on this machine whatever the server.
 */
export function loopbackFloor(answer: string, count: number, dir: string, tag: string, warmup = 3): Promise<number> {
  return withFloor(answer, dir, tag, async (floor) => (await batches(floor.base, count, warmup)).httpP50);
}

/**
 * The single-record load (measuredLoad) against bench/serve-floor.js answering `answer` (the server's real
 * answer to wrk's request): a plain node:http server doing no work, so its p99 is what this machine gives any
 * Node server under the same load with wrk on the same cores.
 */
export function loopbackFloorLoad(
  answer: string,
  seconds: number,
  connections: number,
  dir: string,
  tag: string,
): Promise<WrkResult> {
  return withFloor(answer, dir, `${tag}-load`, (floor) => measuredLoad(floor, seconds, connections, dir));
}

/** `latency_ms` of the access-log lines (JSON) of these request ids: the server-side time of each. */
export function accessLogLatencies(log: string, ids: readonly string[]): number[] {
  const wanted = new Set(ids);
  const out: number[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.includes('"message":"request"')) continue;
    try {
      const entry = JSON.parse(line) as { request_id?: string; latency_ms?: number };
      if (entry.request_id && wanted.has(entry.request_id) && typeof entry.latency_ms === 'number')
        out.push(entry.latency_ms);
    } catch {}
  }
  return out;
}
