// Serving throughput: `mlx serve` vs the course-standard Python stack (FastAPI + uvicorn + PyTorch, Debian)
// serving the same trained model (bench/reference/serve_fastapi.py loads the mlx bundle). wrk, 16
// connections, one penguin per request; then the latency of a 1,000-instance batch; peak server RSS.
// Then the prediction-store matrix (bench/serve-store.ts): sqlite|postgres x async|sync durability.
// Needs: npm run build, wrk; for the FastAPI row /usr/bin/python3 with fastapi, uvicorn, torch (apt: wrk
// python3-fastapi python3-uvicorn python3-torch; skipped with a note without them); for the postgres rows
// Debian's postgresql. BENCH_DURATION=15 (seconds), BENCH_CONNECTIONS=16, BENCH_STORE_DURATION=5.
// `npm run bench -- serve --store-only` runs the store matrix alone.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { median, mlxBin, printTable, projectRoot } from './lib.js';
import { freePort, penguin, waitReady, wrk as wrkRun } from './serve-lib.js';
import { storeMatrix } from './serve-store.js';

const duration = Number(process.env.BENCH_DURATION ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const storeSeconds = Number(process.env.BENCH_STORE_DURATION ?? 5);
const storeOnly = process.argv.includes('--store-only');
const python = '/usr/bin/python3';

function need(ok: boolean, what: string): void {
  if (!ok) {
    console.error(`serve bench needs ${what}`);
    process.exit(2);
  }
}
need(existsSync(path.join(projectRoot, 'dist')), 'a build: npm run build');
need(spawnSync('wrk', ['--version']).error === undefined, 'wrk (apt-get install wrk)');
const hasFastapi = spawnSync(python, ['-c', 'import fastapi, uvicorn, torch, httptools']).status === 0;

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MLX_') && k !== 'PORT'));
const project = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-serve-'));
// Removed however the run ends (a failed set-up included).
process.on('exit', () => rmSync(project, { recursive: true, force: true }));
for (const entry of ['mlx.config.yaml', 'configs', 'data/raw']) {
  cpSync(path.join(projectRoot, entry), path.join(project, entry), { recursive: true });
}
const mlx = (args: string[]) => execFileSync(process.execPath, [mlxBin, ...args], { cwd: project, env, stdio: 'pipe' });
mlx(['data', 'prepare']);
mlx(['train', '--set', 'train.epochs=50']);
const runs = path.join(project, 'runs');
const bundle = path.join(runs, readdirSync(runs).find((d) => existsSync(path.join(runs, d, 'model'))) ?? '', 'model');

function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** CPU seconds (user + system) a process has used so far; Linux clock ticks are 1/100 s. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const wrk = (url: string, seconds: number) => wrkRun(url, seconds, connections, project);

/** POST on a fresh connection (no keep-alive race with the server's idle timeout). */
function postJson(url: string, body: string): Promise<{ status: number; json: { predictions?: { label: string }[] } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function batchLatency(url: string): Promise<{ p50: number; max: number }> {
  const body = JSON.stringify({
    instances: Array.from({ length: 1000 }, (_, i) => ({ ...penguin, body_mass_g: 3000 + i })),
  });
  const times: number[] = [];
  for (let i = -3; i < 20; i++) {
    const start = performance.now();
    const { status, json } = await postJson(url, body);
    if (status !== 200 || json.predictions?.length !== 1000) throw new Error(`batch failed: ${status}`);
    if (i >= 0) times.push(performance.now() - start);
  }
  return { p50: median(times), max: Math.max(...times) };
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  batch: { p50: number; max: number };
  /** Server CPU time (user + system) per request during the wrk run, microseconds. */
  cpuUs: number;
  /** Peak RSS after the wrk run, and after the 1,000-instance batches. */
  rss: number;
  batchRss: number;
  label: string;
}

async function measure(
  name: string,
  cmd: string,
  args: string[],
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Result> {
  const port = await freePort();
  const child = spawn(cmd, [...args.map((a) => a.replace('{port}', String(port)))], {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr += c));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/health`, child);
    const first = (await (
      await fetch(`${base}/v1/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(penguin),
      })
    ).json()) as { predictions: { label: string }[] };
    wrk(`${base}/v1/predict`, 3); // warm-up (JIT, allocator)
    const cpuBefore = cpuSeconds(child.pid ?? 0);
    const load = wrk(`${base}/v1/predict`, duration);
    // Server CPU per request: robust to other load on the machine, unlike req/s.
    const cpuUs = ((cpuSeconds(child.pid ?? 0) - cpuBefore) / load.requests) * 1e6;
    const rss = peakRssMiB(child.pid ?? 0);
    const batch = await batchLatency(`${base}/v1/predict`);
    const batchRss = peakRssMiB(child.pid ?? 0);
    return { name, ...load, cpuUs, batch, rss, batchRss, label: first.predictions?.[0]?.label ?? '?' };
  } catch (error) {
    console.error(stderr);
    throw error;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const serveArgs = [mlxBin, 'serve', '--port', '{port}', '--log-level', 'warn', '--set', 'access_log=false'];
const results: Result[] = [];
if (storeOnly) {
  await storeMatrix(project, env, { seconds: storeSeconds, connections, rounds: 3 });
  process.exit(0);
}
try {
  results.push(await measure('mlx serve (hono, tfjs wasm, sqlite log)', process.execPath, serveArgs, project));
  results.push(
    await measure(
      'mlx serve, compact_heap=false',
      process.execPath,
      [...serveArgs, '--set', 'compact_heap=false'],
      project,
    ),
  );
  // A capped (not frozen) V8 young generation: only settable on the command line.
  results.push(
    await measure(
      'mlx serve, compact_heap=false, --max-semi-space-size=4',
      process.execPath,
      [...serveArgs, '--set', 'compact_heap=false'],
      project,
      { NODE_OPTIONS: '--max-semi-space-size=4' },
    ),
  );
  results.push(
    await measure(
      'mlx serve, micro_batch=false',
      process.execPath,
      [...serveArgs, '--set', 'micro_batch=false'],
      project,
    ),
  );
  if (!hasFastapi) console.warn('FastAPI row skipped: apt-get install python3-fastapi python3-uvicorn python3-torch');
  else
    results.push(
      await measure(
        'FastAPI + uvicorn + PyTorch',
        python,
        [path.join(projectRoot, 'bench', 'reference', 'serve_fastapi.py'), '--bundle', bundle, '--port', '{port}'],
        project,
      ),
    );
} catch (error) {
  console.error(error);
  process.exit(1);
}

console.log(
  `POST /v1/predict, 1 penguin per request, wrk ${connections} connections x ${duration}s; 1 process each; ${os.cpus().length} cores, node ${process.version}\n`,
);
printTable(
  [
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'CPU µs/req',
    'peak RSS MiB',
    '1000-batch p50 ms',
    'batch max ms',
    'peak RSS w/ batches',
    'label',
  ],
  results.map((r) => [
    r.name,
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.errors,
    r.cpuUs.toFixed(0),
    r.rss.toFixed(0),
    r.batch.p50.toFixed(1),
    r.batch.max.toFixed(1),
    r.batchRss.toFixed(0),
    r.label,
  ]),
);
const ours = results[0];
const ref = hasFastapi ? results.at(-1) : undefined;
if (ours && ref) {
  console.log(
    `\nmlx / FastAPI: ${(ours.rps / ref.rps).toFixed(2)}x throughput (target >= 2x), ` +
      `${(ref.cpuUs / ours.cpuUs).toFixed(2)}x less CPU per request, p99 ${ours.p99 < ref.p99 ? 'lower' : 'HIGHER'} ` +
      `(${ours.p99.toFixed(2)} vs ${ref.p99.toFixed(2)} ms), RSS ${ours.rss.toFixed(0)} MiB (target <= 200)`,
  );
}

await storeMatrix(project, env, { seconds: storeSeconds, connections, rounds: 3 });
