// `npm run bench -- serve [--tail] [--spin[-only][=N,...]] [--soak[=SECONDS]] [--batch-stages[-only]]
// [--store[-only]]`: `mlx serve` side by side with the course-standard Python stack, FastAPI + uvicorn (1 worker, httptools) + PyTorch
// from Debian, serving the same trained bundle (bench/reference/serve_fastapi.py rebuilds the MLP in torch
// from model.json/weights.bin and preprocesses from pipeline.json).
//
// Protocol, the same for both servers: each repeat starts a fresh server process; the servers take turns
// (mlx, FastAPI, mlx, FastAPI, ...); per run: one checked request, 3 s of wrk as warm-up, then
//  - 1 record/request: wrk -t2 -c16 for BENCH_DURATION (15) s: req/s, p50, p99, errors, the server's CPU
//    per request (/proc: every thread), its RSS right after the load;
//  - the 1,000-row batch: 30 unmeasured then 60 batches one after another on one keep-alive connection
//    (20 after 3 until 2026-12-04: mlx's first ~20 batches after the load of single records run ~1 ms
//    slower, its batch path not optimised yet; not many more: a client sending batches back to back can
//    outrun the store's writer on two cores, its queue filling (503s) after ~170 batches in one series of
//    runs, staying under 25,000 rows over 200 in another — README "Benchmarks"):
//    through HTTP (client side: sent → last byte), and for mlx server-side too (its access log's
//    latency_ms: routing → answer built), and the loopback floor: the same batches against
//    bench/serve-floor.js, which only reads each body and sends the run's last answer back (what sending
//    150 KB and reading the answer cost this client on this machine, whatever the server);
//  - peak RSS of the run (VmHWM);
//  - after the server stops, the loopback floor of the single-record load: the same wrk load (3 s, then
//    BENCH_DURATION) against bench/serve-floor.js sending the server's own answer to wrk's request back:
//    the p50, p99 and req/s of a Node server doing no work, with wrk on the same two cores.
// mlx runs in its realistic configuration: the SQLite prediction store (async durability, a fresh file
// per run) and the access log on (JSON lines to a file); FastAPI logs nothing (its reference script turns
// uvicorn's access log off) and stores nothing. Medians of BENCH_REPEATS (3) with min–max, the load
// average before every run, written to bench/results/serve.json. BENCH_BASELINE=<another mlx checkout,
// built> adds its `mlx serve` as a third, interleaved server (before/after comparisons).
// --tail: where the tail comes from (bench/serve-tail.ts); --spin[=20,30]: the same load against servers doing
// only N µs of CPU work per request (bench/serve-spin.ts; --spin-only alone); --soak[=600]: RSS over a long run
// (bench/serve-soak.ts); --batch-stages: a 1,000-row batch's server-side time by stage, in process
// (bench/serve-batch.ts; --batch-stages-only alone); --store: the prediction-store matrix
// (bench/serve-store.ts; --store-only alone); --workers=N: also `mlx serve --set workers=N` against uvicorn
// with N workers (CPU and RSS summed over each server's process tree).
// Needs: npm run build, wrk; /usr/bin/python3 with fastapi, uvicorn, httptools, torch for the reference.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineInfo, median, mlxBin, printTable, projectRoot, spread } from './lib.js';
import { type BatchStages, batchStages, printBatchStages } from './serve-batch.js';
import {
  accessLogLatencies,
  batches,
  loopbackFloor,
  loopbackFloorLoad,
  measuredLoad,
  penguinAnswer,
  type Server,
  startServer,
  treeRssMiB,
} from './serve-lib.js';
import { type SoakResult, soak, soakReport } from './serve-soak.js';
import { printSpin, type SpinResult, spinFloors } from './serve-spin.js';
import { storeMatrix } from './serve-store.js';
import { printTail, type TailResult, tailAnalysis } from './serve-tail.js';

const duration = Number(process.env.BENCH_DURATION ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const batchCount = 60;
/** Unmeasured batches first, as wrk's 3 s come before its load: the batch path warm, as a user sees it after a moment. */
const batchWarmup = 30;
const flag = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const soakSeconds = flag('soak') ? Number(flag('soak')?.split('=')[1] ?? 600) : 0;
const python = '/usr/bin/python3';
const baseline = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE, 'bin', 'run.js') : null;
const resultFile = path.join(projectRoot, 'bench', 'results', 'serve.json');

if (!existsSync(path.join(projectRoot, 'dist'))) throw new Error('serve bench needs a build: npm run build');
if (spawnSync('wrk', ['--version']).error) throw new Error('serve bench needs wrk (apt-get install wrk)');
const reference = spawnSync(python, [
  '-c',
  'import fastapi, uvicorn, torch, httptools; print(f"fastapi {fastapi.__version__}, uvicorn {uvicorn.__version__}, torch {torch.__version__}")',
]);
const referenceVersions = reference.status === 0 ? reference.stdout.toString().trim() : null;
if (!referenceVersions)
  console.error(
    'FastAPI reference skipped: apt-get install python3-fastapi python3-uvicorn python3-httptools python3-torch',
  );

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MLX_') && k !== 'PORT'));
const project = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-serve-'));
process.on('exit', () => rmSync(project, { recursive: true, force: true }));
for (const entry of ['mlx.config.yaml', 'configs', 'data/raw'])
  cpSync(path.join(projectRoot, entry), path.join(project, entry), { recursive: true });
const mlx = (args: string[]) => execFileSync(process.execPath, [mlxBin, ...args], { cwd: project, env, stdio: 'pipe' });
mlx(['data', 'prepare']);
mlx(['train', '--set', 'train.epochs=50']);
const runsDir = path.join(project, 'runs');
const bundle = path.join(
  runsDir,
  readdirSync(runsDir).find((d) => existsSync(path.join(runsDir, d, 'model'))) ?? '',
  'model',
);

if (flag('batch-stages-only')) {
  printBatchStages(await batchStages(bundle));
  process.exit(0);
}
/** --spin[-only][=20,30]: µs of work per request of the floor servers (bench/serve-spin.ts). */
const spins = (name: string) =>
  (flag(name)?.split('=')[1] ?? '20,30')
    .split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n >= 0);
if (flag('spin-only')) {
  printSpin(
    await spinFloors(project, env, { spins: spins('spin-only'), seconds: duration, connections, rounds: repeats }),
  );
  process.exit(0);
}
if (flag('store-only')) {
  await storeMatrix(project, env, { seconds: Number(process.env.BENCH_STORE_DURATION ?? 5), connections, rounds: 3 });
  process.exit(0);
}

interface Side {
  name: string;
  /** Server processes (serve.workers; uvicorn --workers): each side is compared with FastAPI's of the same count. */
  workers: number;
  start: (log: string, store: string) => Promise<Server>;
}
const mlxSide = (name: string, bin: string, workers = 1): Side => ({
  name,
  workers,
  start: (log, store) =>
    startServer(
      process.execPath,
      [bin, 'serve', '--port', '{port}', '--set', `store_path=${store}`, '--set', `workers=${workers}`],
      { cwd: project, env, log },
    ),
});
const fastApiSide = (workers: number): Side => ({
  name: `FastAPI + uvicorn + PyTorch${workers > 1 ? ` (${workers} workers)` : ''}`,
  workers,
  start: (log) =>
    startServer(
      python,
      [
        path.join(projectRoot, 'bench', 'reference', 'serve_fastapi.py'),
        ...['--bundle', bundle, '--port', '{port}', '--workers', String(workers)],
      ],
      { cwd: project, env, log },
    ),
});
// --workers=N: also `mlx serve --set workers=N` (node:cluster) against uvicorn with N worker processes.
const clusterWorkers = Number(flag('workers')?.split('=')[1] ?? 0);
const sides: Side[] = [mlxSide('mlx serve', mlxBin)];
if (baseline) sides.push(mlxSide('mlx baseline (BENCH_BASELINE)', baseline));
if (referenceVersions) sides.push(fastApiSide(1));
if (clusterWorkers > 1) {
  sides.push(mlxSide(`mlx serve (${clusterWorkers} workers)`, mlxBin, clusterWorkers));
  if (referenceVersions) sides.push(fastApiSide(clusterWorkers));
}

interface Run {
  server: string;
  repeat: number;
  loadBefore: number[];
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuUsPerRequest: number;
  rssAfterLoad: number;
  batchHttpP50: number;
  /** The first 20 of the unmeasured batches (the batch path warming up). */
  batchWarmupP50: number | null;
  batchHttpMax: number;
  batchServerP50: number | null;
  /** The same batches against a server that only reads the body and sends this run's answer back. */
  batchFloorP50: number;
  /** The same single-record load against that server, sending this run's answer to wrk's request back. */
  floorRps: number;
  floorP50: number;
  floorP99: number;
  peakRss: number;
  label: string;
}

async function measure(side: Side, repeat: number): Promise<Run> {
  const tag = `${sides.indexOf(side)}-r${repeat}`;
  const loadBefore = os.loadavg();
  const server = await side.start(path.join(project, `serve-${tag}.log`), path.join(project, `store-${tag}.sqlite`));
  try {
    const first = (await (
      await fetch(`${server.base}/v1/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          instances: [
            {
              island: 'Biscoe',
              bill_length_mm: 46.1,
              bill_depth_mm: 13.2,
              flipper_length_mm: 211,
              body_mass_g: 4500,
              sex: 'FEMALE',
            },
          ],
        }),
      })
    ).json()) as { predictions: { label: string }[] };
    const load = await measuredLoad(server, duration, connections, project);
    const rssAfterLoad = treeRssMiB(server.pid).now;
    const single = await penguinAnswer(server.base);
    const batch = await batches(server.base, batchCount, batchWarmup);
    const serverSide = accessLogLatencies(server.log, batch.ids);
    const peakRss = treeRssMiB(server.pid).peak;
    await server.stop();
    // The floors run with the server stopped: nothing else on the two cores but the floor and its client.
    const batchFloorP50 = await loopbackFloor(batch.answer, batchCount, project, tag, batchWarmup);
    const floor = await loopbackFloorLoad(single, duration, connections, project, tag);
    return {
      server: side.name,
      repeat,
      loadBefore,
      rps: load.rps,
      p50: load.p50,
      p99: load.p99,
      errors: load.errors,
      cpuUsPerRequest: load.cpuUsPerRequest,
      rssAfterLoad,
      batchHttpP50: batch.httpP50,
      batchWarmupP50: batch.warmupP50,
      batchHttpMax: batch.httpMax,
      batchServerP50: serverSide.length === batchCount ? median(serverSide) : null,
      batchFloorP50,
      floorRps: floor.rps,
      floorP50: floor.p50,
      floorP99: floor.p99,
      peakRss,
      label: first.predictions?.[0]?.label ?? '?',
    };
  } finally {
    await server.stop();
  }
}

const started = new Date();
const loadStart = os.loadavg();
const runs: Run[] = [];
for (let repeat = 1; repeat <= repeats; repeat++) {
  for (const side of sides) {
    const run = await measure(side, repeat);
    runs.push(run);
    console.error(
      `repeat ${repeat}/${repeats} ${side.name}: ${run.rps.toFixed(0)} req/s, p99 ${run.p99.toFixed(2)} ms (load ${run.loadBefore[0]?.toFixed(1)})`,
    );
  }
}
const loadEnd = os.loadavg();

const stat = spread;
const of = (name: string) => runs.filter((r) => r.server === name);
const fmt = (values: (number | null)[], digits: number) => {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return '—';
  const s = stat(v);
  const f = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return v.length === 1 ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};
type Metric = { label: string; pick: (r: Run) => number | null; digits: number; better: 'higher' | 'lower' };
/** A time in ms (two digits; lower is better). */
const ms = (label: string, pick: Metric['pick']): Metric => ({ label, pick, digits: 2, better: 'lower' });
const METRICS: Metric[] = [
  { label: '1 record/request: req/s', pick: (r) => r.rps, digits: 0, better: 'higher' },
  ms('1 record/request: p50 ms', (r) => r.p50),
  ms('1 record/request: p99 ms', (r) => r.p99),
  ms('1 record/request, loopback floor: p50 ms', (r) => r.floorP50),
  ms('1 record/request, loopback floor: p99 ms', (r) => r.floorP99),
  { label: '1 record/request, loopback floor: req/s', pick: (r) => r.floorRps, digits: 0, better: 'higher' },
  { label: '1 record/request: errors', pick: (r) => r.errors, digits: 0, better: 'lower' },
  { label: '1 record/request: server CPU µs/request', pick: (r) => r.cpuUsPerRequest, digits: 0, better: 'lower' },
  { label: 'RSS right after the load, MiB', pick: (r) => r.rssAfterLoad, digits: 0, better: 'lower' },
  ms('1,000-row batch through HTTP: p50 ms', (r) => r.batchHttpP50),
  ms('1,000-row batch through HTTP, first 20 (warming up): p50 ms', (r) => r.batchWarmupP50),
  ms('1,000-row batch server-side: p50 ms', (r) => r.batchServerP50),
  ms('1,000-row batch, loopback floor: p50 ms', (r) => r.batchFloorP50),
  { label: 'peak RSS of the run (VmHWM), MiB', pick: (r) => r.peakRss, digits: 0, better: 'lower' },
];
const isReference = (s: Side) => s.name.startsWith('FastAPI');
/** The FastAPI side a side is compared with: the one with as many server processes. */
const refOf = (name: string) => {
  const workers = sides.find((s) => s.name === name)?.workers;
  return sides.find((s) => isReference(s) && s.workers === workers)?.name;
};
const ref = sides.find(isReference)?.name;
/** mlx ÷ FastAPI repeat by repeat (run back to back), then the median: `x` faster/more is > 1. */
const ratio = (name: string, m: (typeof METRICS)[number]) => {
  const ref = refOf(name);
  if (!ref || name === ref) return null;
  const pairs = of(name).map((r, i) => {
    const a = m.pick(r);
    const b = of(ref)[i] ? m.pick(of(ref)[i] as Run) : null;
    return a === null || b === null || a === 0 || b === 0 ? Number.NaN : m.better === 'higher' ? a / b : b / a;
  });
  return pairs.filter(Number.isFinite);
};

const machine = { ...machineInfo(), reference: referenceVersions };
console.log(
  `\nmlx serve vs ${ref ?? '(no reference)'}: POST /v1/predict, wrk -t2 -c${connections} x ${duration}s (1 penguin per request) and ${batchCount} sequential 1,000-row batches after ${batchWarmup}; ${repeats} interleaved repeats, fresh processes, median (min–max)`,
);
console.log(
  `${started.toISOString()}, ${machine.cpu} ×${machine.cores}, node ${machine.node}${referenceVersions ? `, ${referenceVersions}` : ''}`,
);
console.log(
  `load average (1/5/15 min): ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start → ${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end; before each run: ${runs.map((r) => r.loadBefore[0]?.toFixed(1)).join(', ')}\n`,
);
printTable(
  [
    'workload',
    ...sides.map((s) => s.name),
    ...(ref ? sides.filter((s) => !isReference(s)).map((s) => `${s.name} vs ${refOf(s.name) ?? '—'}`) : []),
  ],
  METRICS.map((m) => [
    m.label,
    ...sides.map((s) => fmt(of(s.name).map(m.pick), m.digits)),
    ...(ref
      ? sides
          .filter((s) => !isReference(s))
          .map((s) => {
            const r = ratio(s.name, m) ?? [];
            return r.length > 0 && m.label !== '1 record/request: errors' ? `${fmt(r, 2)}×` : '';
          })
      : []),
  ]),
);
console.log(
  `(ratio column: FastAPI ÷ mlx for times, CPU and memory, mlx ÷ FastAPI for req/s — above 1 = mlx better — pair by pair, median (min–max)); labels answered: ${[...new Set(runs.map((r) => `${r.server}: ${r.label}`))].join(', ')}`,
);
console.log('targets: p99 below FastAPI (goal ≤ 2 ms), req/s ≥ 3× FastAPI, RSS ≤ 200 MiB, 1,000-row batch ≤ 3 ms');

let tail: TailResult | null = null;
if (flag('tail')) {
  tail = await tailAnalysis({ bin: mlxBin, project, env, seconds: duration, connections, rounds: repeats });
  printTail(tail, duration, connections);
}
const spun: SpinResult | null = flag('spin')
  ? await spinFloors(project, env, { spins: spins('spin'), seconds: duration, connections, rounds: repeats })
  : null;
if (spun) printSpin(spun);
let soaked: SoakResult | null = null;
if (soakSeconds > 0) {
  const storeFile = path.join(project, 'soak.sqlite');
  const server = await sides[0]?.start(path.join(project, 'soak.log'), storeFile);
  if (server) {
    soaked = await soak(server, { seconds: soakSeconds, connections, dir: project, storeFile });
    for (const line of soakReport(soaked, storeFile)) console.log(line);
  }
}
const stages: BatchStages | null = flag('batch-stages') ? await batchStages(bundle) : null;
if (stages) printBatchStages(stages);
if (flag('store'))
  await storeMatrix(project, env, { seconds: Number(process.env.BENCH_STORE_DURATION ?? 5), connections, rounds: 3 });

mkdirSync(path.dirname(resultFile), { recursive: true });
writeFileSync(
  resultFile,
  `${JSON.stringify(
    {
      benchmark: 'serve',
      date: started.toISOString(),
      machine,
      protocol: `${repeats} repeats, interleaved, fresh processes; wrk -t2 -c${connections} -d${duration}s after 3 s of warm-up; ${batchCount} sequential 1,000-row batches after ${batchWarmup}; mlx with its SQLite store (async) and access log on`,
      loadAverage: { start: loadStart, end: loadEnd },
      summary: Object.fromEntries(
        sides.map((s) => [
          s.name,
          Object.fromEntries(
            METRICS.map((m) => {
              const v = of(s.name)
                .map(m.pick)
                .filter((x): x is number => x !== null);
              return [m.label, v.length > 0 ? stat(v) : null];
            }),
          ),
        ]),
      ),
      ratiosVsFastApi: ref
        ? Object.fromEntries(
            sides
              .filter((s) => !isReference(s))
              .map((s) => [s.name, Object.fromEntries(METRICS.map((m) => [m.label, stat(ratio(s.name, m) ?? [])]))]),
          )
        : null,
      runs,
      tail,
      spin: spun,
      soak: soaked,
      batchStages: stages,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${path.relative(projectRoot, resultFile)}`);
