// `npm run bench` (or `npm run bench -- suite`): issue 18's workloads in one run, each side by side with its
// reference, then one summary table. It runs, one after another and each in its own process:
//  - train: the MLP [64, 32] on 1M generated rows, 5 epochs, against PyTorch on one thread (bench/train.bench.ts);
//  - serve: one record per request under wrk -t2 -c16, and sequential 1,000-row batches, against FastAPI +
//    uvicorn + PyTorch, with the loopback floor (bench/serve.bench.ts);
//  - predict: `mlx predict` on a 1M-row CSV (bench/predict.bench.ts; no Python reference: the file workload
//    has none in the issue, only its target).
// Each prints its own full table and writes bench/results/<name>.json (3 interleaved repeats, medians with
// min–max, the load average); this one reads those files and writes bench/results/suite.json: for every
// target the median, the range, the reference, the ratio taken repeat by repeat, and how many runs met it.
// BENCH_SUITE=train,serve picks parts (the summary then uses the result files already there for the rest).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineInfo, printTable, projectRoot, resultPath, type Spread, writeResult } from './lib.js';

const PARTS: Record<string, string[]> = {
  train: ['train'],
  serve: ['serve'],
  predict: ['predict', '1000000'],
};
const chosen = (process.env.BENCH_SUITE ?? Object.keys(PARTS).join(',')).split(',').filter(Boolean);
for (const name of chosen)
  if (!PARTS[name]) throw new Error(`BENCH_SUITE: unknown part '${name}' (allowed: ${Object.keys(PARTS).join(', ')})`);

const started = new Date();
const loadStart = os.loadavg();
for (const name of chosen) {
  console.log(`\n=== ${name} (${new Date().toISOString()}, load average ${os.loadavg()[0]?.toFixed(2)}) ===`);
  const args = PARTS[name] as string[];
  const run = spawnSync(process.execPath, [path.join(projectRoot, 'bench', 'run.js'), ...args], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`npm run bench -- ${args.join(' ')} failed (exit ${run.status})`);
}
const loadEnd = os.loadavg();

// biome-ignore lint/suspicious/noExplicitAny: result files are read back as the JSON their benchmark wrote
type Json = any;
const read = (name: string): Json | null => {
  try {
    return JSON.parse(readFileSync(resultPath(name), 'utf8'));
  } catch {
    return null;
  }
};
const train = read('train');
const serve = read('serve');
const predict = read('predict');

interface Row {
  workload: string;
  mlx: Spread | null;
  reference: Spread | null;
  referenceName: string;
  /** Ratio pair by pair (above 1 = mlx better). */
  ratio: Spread | null;
  target: string;
  /** Runs that met the target, of all runs; null where there is no target. */
  met: [number, number] | null;
  /** The result file and its date. */
  source: string;
  digits: number;
}

/** [runs that met the target, runs measured]: `ok` judges each run's finite value (with its index, for pairs). */
const met = (values: readonly (number | null)[], ok: (v: number, i: number) => boolean): [number, number] => {
  const judged = values.flatMap((v, i) => (v !== null && Number.isFinite(v) ? [ok(v, i)] : []));
  return [judged.filter(Boolean).length, judged.length];
};
const rows: Row[] = [];

if (train) {
  const mlxName = Object.keys(train.summary).find((k) => k.startsWith('mlx') && !k.includes('baseline')) ?? '';
  const torchName = Object.keys(train.summary).find((k) => k.startsWith('PyTorch') && k.includes('(1 thread)')) ?? '';
  const runsOf = (name: string) => train.runs.filter((r: Json) => r.implementation === name);
  const torchRuns = runsOf(torchName);
  const ratios: number[] = runsOf(mlxName).map((r: Json, i: number) =>
    torchRuns[i] ? r.samplesPerSecond / torchRuns[i].samplesPerSecond : Number.NaN,
  );
  const trainRow = (workload: string, key: string, ratioKey: string, digits: number, target = '') =>
    rows.push({
      workload,
      mlx: train.summary[mlxName]?.[key] ?? null,
      reference: train.summary[torchName]?.[key] ?? null,
      referenceName: torchName,
      ratio: train.ratioVsPyTorch1Thread?.[mlxName]?.[ratioKey] ?? null,
      target,
      met: target ? met(ratios, (v) => v >= 1) : null,
      source: `train.json ${train.date}`,
      digits,
    });
  trainRow(
    'training loop, samples/s (MLP [64, 32], 700k rows × 5 epochs)',
    'samplesPerSecond',
    'samplesPerSecond',
    0,
    '≥ 1.0× PyTorch 1 thread',
  );
  trainRow('training loop, CPU s', 'loopCpuSeconds', 'loopCpuSecondsLess', 1);
}

if (serve) {
  const ref = Object.keys(serve.summary).find((k) => k.startsWith('FastAPI') && !k.includes('workers')) ?? '';
  const side = 'mlx serve';
  const runsOf = (name: string) => serve.runs.filter((r: Json) => r.server === name);
  const pick = (field: string): (number | null)[] => runsOf(side).map((r: Json) => r[field]);
  const refPick = (field: string) => runsOf(ref).map((r: Json) => r[field] as number);
  const metric = (label: string, field: string, target: string, ok: ((v: number, i: number) => boolean) | null) => {
    rows.push({
      workload: `serve, ${label}`,
      mlx: serve.summary[side]?.[label] ?? null,
      reference: serve.summary[ref]?.[label] ?? null,
      referenceName: ref,
      // A floor's ratio compares two answers' sizes, not two servers: left out.
      ratio: ok ? (serve.ratiosVsFastApi?.[side]?.[label] ?? null) : null,
      target,
      met: ok ? met(pick(field), ok) : null,
      source: `serve.json ${serve.date}`,
      digits: label.includes('req/s') || label.includes('MiB') || label.includes('µs') ? 0 : 2,
    });
  };
  const refP99 = refPick('p99');
  const refRps = refPick('rps');
  metric(
    '1 record/request: req/s',
    'rps',
    '≥ 3× FastAPI 1 worker',
    (v, i) => refRps[i] !== undefined && v >= 3 * refRps[i],
  );
  metric('1 record/request: p99 ms', 'p99', 'below FastAPI', (v, i) => refP99[i] !== undefined && v < refP99[i]);
  metric('1 record/request: p99 ms', 'p99', 'goal ≤ 2 ms', (v) => v <= 2);
  metric('1 record/request: p50 ms', 'p50', '', null);
  metric('1 record/request, loopback floor: p50 ms', 'floorP50', '', null);
  metric('1 record/request, loopback floor: p99 ms', 'floorP99', '', null);
  metric('RSS right after the load, MiB', 'rssAfterLoad', '≤ 200 MiB', (v) => v <= 200);
  metric('peak RSS of the run (VmHWM), MiB', 'peakRss', '≤ 200 MiB', (v) => v <= 200);
  metric('1,000-row batch through HTTP: p50 ms', 'batchHttpP50', '≤ 3 ms', (v) => v <= 3);
  metric('1,000-row batch through HTTP, first 20 (warming up): p50 ms', 'batchWarmupP50', '', null);
  metric('1,000-row batch server-side: p50 ms', 'batchServerP50', '≤ 3 ms', (v) => v <= 3);
  metric('1,000-row batch, loopback floor: p50 ms', 'batchFloorP50', '', null);
}

if (predict) {
  const side = 'this checkout';
  const runs = (predict.runs?.[side] ?? []) as { seconds: number }[];
  rows.push({
    workload: `predict, ${Number(predict.workload.rows).toLocaleString('en')}-row CSV, wall s (default threads)`,
    mlx: predict.summary[side]?.wallSeconds ?? null,
    reference: null,
    referenceName: '',
    ratio: null,
    target: predict.workload.rows === 1_000_000 ? '≤ 2 s' : '≤ 2 s per 1M rows',
    met: met(
      runs.map((r) => r.seconds),
      (v) => v <= (2 * predict.workload.rows) / 1_000_000,
    ),
    source: `predict.json ${predict.date}`,
    digits: 2,
  });
}

const fmt = (s: Spread | null, digits: number) => {
  if (!s || !Number.isFinite(s.median)) return '—';
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
};
const machine = machineInfo();
console.log(
  `\nissue 18's workloads, mlx against its reference: medians of 3 interleaved repeats (min–max); ratio pair by pair, above 1 = mlx better`,
);
console.log(
  `${started.toISOString()}, ${machine.cpu} ×${machine.cores}, node ${process.version}; load average (1/5/15 min) ${loadStart.map((l) => l.toFixed(2)).join(' ')} at the start → ${loadEnd.map((l) => l.toFixed(2)).join(' ')} at the end\n`,
);
printTable(
  ['workload', 'mlx', 'reference', 'ratio', 'target', 'runs meeting it'],
  rows.map((r) => [
    r.workload,
    fmt(r.mlx, r.digits),
    r.reference ? `${fmt(r.reference, r.digits)} ${r.referenceName}` : '—',
    r.ratio && Number.isFinite(r.ratio.median) ? `${fmt(r.ratio, 2)}×` : '',
    r.target,
    r.met ? `${r.met[0]} of ${r.met[1]}` : '',
  ]),
);
const sources = [...new Set(rows.map((r) => r.source))];
console.log(`\nfrom ${sources.join('; ')}`);
const written = writeResult('suite', {
  benchmark: 'suite',
  date: started.toISOString(),
  machine,
  parts: chosen,
  loadAverage: { start: loadStart, end: loadEnd },
  rows,
});
console.log(`written to ${written}`);
