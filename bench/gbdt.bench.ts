// `npm run bench -- gbdt [rows] [runs]`: mlx's histogram GBDT next to scikit-learn's
// HistGradientBoosting (Debian python3-sklearn) on the synthetic CSV of bench/gen-data.ts
// (default 1,000,000 rows × 12 features: 8 numeric, 4 categorical, ~2% missing, binary target),
// then the shipped examples through the built binary and serve latency (bench/gbdt-examples.ts).
// `npm run bench -- gbdt examples [runs]` runs only the examples part (build first: npm run build).
//
// Same rows on both sides: the first 80% train, the next 10% validation (unused: see below), the
// last 10% test. Categorical levels are coded by their sorted order; numbers are parsed the same
// way (correctly rounded). Both sides use default parameters except early_stopping=False, so both
// fit exactly max_iter = 100 iterations (scikit-learn would otherwise carve its own validation
// rows out of the training rows; ours would monitor our validation split — different work).
// Regression variant: y = the generator's logit (missing terms count 0) + 1 for 'yes', -1 for 'no'.
// Timed: fit (incl. binning; wall time, and CPU time of all threads, telling on a shared machine)
// and predict of all rows (mlx: on the row's threads, `predictOutputs(..., { threads })`); parsing
// excluded. Peak RSS of the whole process from /usr/bin/time -v. Medians of `runs` (default 3) with
// min–max. BENCH_PREDICT_ONLY=1: mlx's predict alone, with the models the last full run saved
// (bench/out/gbdt/model-<task>-<rows>.json), no fit and no scikit-learn (quick, for the kernel).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deserializeGbdtModel,
  type GbdtModel,
  predictOutputs,
  serializeGbdtModel,
} from '../src/lib/model/families/gbdt/index.js';
import { fitGbdt, type GbdtData } from '../src/lib/train/families/gbdt/index.js';
import { benchExamples } from './gbdt-examples.js';
import { generateBenchCsv } from './gen-data.js';
import { median, peakRssMiB, printTable, projectRoot, spreadText } from './lib.js';

type Task = 'classification' | 'regression';
interface Measure {
  fit_seconds: number;
  /** CPU time of all threads during the fit: comparable across runs when the machine is shared. */
  fit_cpu_seconds: number;
  predict_seconds: number;
  metric: number;
  iterations: number;
  leaves: number;
}

/**
 * Parses the bench CSV into a row-major matrix (categorical levels → codes in sorted order) and
 * both targets, scanning bytes so that no per-row strings are kept (peak RSS stays the data's).
 */
function loadCsv(file: string) {
  const buf = readFileSync(file);
  let pos = buf.indexOf(10);
  const header = buf.toString('latin1', 0, pos).split(',');
  pos += 1;
  let rows = 0;
  for (let i = pos; i < buf.length; i++) if (buf[i] === 10) rows++;
  const features = header.filter((h) => h !== 'target');
  const width = features.length;
  const fieldOf = header.map((h) => features.indexOf(h));
  const isCat = header.map((h) => h.startsWith('cat_'));
  const x = new Float64Array(rows * width);
  const yes = new Uint8Array(rows);
  const levels = features.map(() => new Map<string, number>());
  for (let i = 0; i < rows; i++) {
    for (let h = 0; h < header.length; h++) {
      let end = pos;
      while (end < buf.length && buf[end] !== 44 && buf[end] !== 10) end++;
      const j = fieldOf[h] as number;
      if (j < 0) yes[i] = buf.toString('latin1', pos, end) === 'yes' ? 1 : 0;
      else if (end === pos) x[i * width + j] = Number.NaN;
      else if (isCat[h]) {
        const level = buf.toString('latin1', pos, end);
        const ids = levels[j] as Map<string, number>;
        if (!ids.has(level)) ids.set(level, ids.size);
        x[i * width + j] = ids.get(level) as number;
      } else x[i * width + j] = Number(buf.toString('latin1', pos, end));
      pos = end + 1;
    }
  }
  const columns = features.map((name, j) => {
    if (!name.startsWith('cat_')) return { name, kind: 'numeric' as const };
    const ids = levels[j] as Map<string, number>;
    const sorted = [...ids.keys()].sort();
    const remap = new Float64Array(ids.size);
    sorted.forEach((level, code) => {
      remap[ids.get(level) as number] = code;
    });
    for (let i = 0; i < rows; i++) {
      const v = x[i * width + j] as number;
      if (!Number.isNaN(v)) x[i * width + j] = remap[v] as number;
    }
    return { name, kind: 'categorical' as const, categories: sorted.length };
  });
  const col = (name: string) => features.indexOf(name);
  const term = (i: number, name: string, f: (v: number) => number) => {
    const v = x[i * width + col(name)] as number;
    return Number.isNaN(v) ? 0 : f(v);
  };
  const catA = col('cat_a');
  const regression = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let y = 1.0 + term(i, 'n_normal', (v) => 0.08 * (v - 50)) + term(i, 'n_bimodal', (v) => 0.6 * v);
    y = y - term(i, 'n_uniform', (v) => 0.02 * v) + (x[i * width + catA] === 0 ? 0.8 : 0.0);
    regression[i] = y + (yes[i] ? 1.0 : -1.0);
  }
  return { x, rows, width, columns, classification: Float64Array.from(yes), regression };
}

/** One fit + predict in this process (run by the parent under /usr/bin/time). */
async function child(file: string, task: Task, threads: 1 | 2): Promise<void> {
  const d = loadCsv(file);
  const nTrain = Math.floor(0.8 * d.rows);
  const testStart = nTrain + Math.floor(0.1 * d.rows);
  const y = task === 'classification' ? d.classification : d.regression;
  const train: GbdtData = {
    x: d.x.subarray(0, nTrain * d.width),
    rows: nTrain,
    width: d.width,
    columns: d.columns,
    y: y.subarray(0, nTrain),
    task,
    classes: task === 'classification' ? 2 : 1,
  };
  const saved = path.join(path.dirname(file), `model-${task}-${d.rows}.json`);
  let start = performance.now();
  const cpu = process.cpuUsage();
  let model: GbdtModel;
  let extra: Record<string, unknown> = {};
  if (process.env.BENCH_PREDICT_ONLY === '1') {
    model = deserializeGbdtModel(readFileSync(saved), saved);
  } else {
    const result = await fitGbdt(train, { early_stopping: false, threads }, { seed: 42 });
    model = result.model;
    extra = { timings: result.timings, threads: result.threads, kernel: result.kernel };
    writeFileSync(saved, serializeGbdtModel(model));
  }
  const fitSeconds = (performance.now() - start) / 1000;
  const fitCpu = process.cpuUsage(cpu);
  start = performance.now();
  const out = predictOutputs(model, d.x, d.rows, d.width, { threads });
  const predictSeconds = (performance.now() - start) / 1000;
  let metric = 0;
  for (let i = testStart; i < d.rows; i++) {
    if (task === 'classification')
      metric += ((out[i * 2 + 1] as number) > (out[i * 2] as number) ? 1 : 0) === y[i] ? 1 : 0;
    else metric += ((out[i] as number) - (y[i] as number)) ** 2;
  }
  metric /= d.rows - testStart;
  const leaves = model.trees.reduce((a, t) => a + t.feature.filter((f) => f < 0).length, 0);
  const measure: Measure = {
    fit_seconds: fitSeconds,
    fit_cpu_seconds: (fitCpu.user + fitCpu.system) / 1e6,
    predict_seconds: predictSeconds,
    metric: task === 'classification' ? metric : Math.sqrt(metric),
    iterations: model.iterations,
    leaves,
  };
  console.log(JSON.stringify({ ...measure, ...extra }));
}

function timed(cmd: string, args: string[], env: Record<string, string> = {}): Measure & { rss?: number } {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(last) as Measure), rss: peakRssMiB(r.stderr) };
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, process.argv[4] as Task, Number(process.argv[5]) as 1 | 2);
} else if (process.argv[2] === 'examples') {
  await examplesPart(Number(process.argv[3] ?? process.env.BENCH_RUNS ?? 3));
} else {
  const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
  const runs = Number(process.argv[3] ?? process.env.BENCH_RUNS ?? 3);
  const tasks = (process.env.BENCH_TASKS ?? 'classification,regression').split(',') as Task[];
  const predictOnly = process.env.BENCH_PREDICT_ONLY === '1';
  const csv = path.join(projectRoot, 'bench', 'out', 'gbdt', `synthetic-${rows}.csv`);
  if (!existsSync(csv)) {
    console.error(`generating ${rows} rows → ${path.relative(projectRoot, csv)}`);
    await generateBenchCsv(csv, rows);
  }
  const python = '/usr/bin/python3';
  const haveSklearn = spawnSync(python, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status === 0;
  const loadBefore = os.loadavg();
  const table: (string | number)[][] = [];
  for (const task of tasks) {
    const sides: [string, () => Measure & { rss?: number }][] = [
      ['mlx gbdt (2 threads)', () => timed(process.execPath, ['--import', 'tsx', self, '--child', csv, task, '2'])],
      ['mlx gbdt (1 thread)', () => timed(process.execPath, ['--import', 'tsx', self, '--child', csv, task, '1'])],
    ];
    if (haveSklearn && !predictOnly) {
      const script = path.join(projectRoot, 'bench/reference/gbdt_sklearn.py');
      // OpenMP threads spin while they wait: on a loaded machine one thread can beat two.
      sides.push(
        ['scikit-learn HGB (2 threads)', () => timed(python, [script, csv, task])],
        ['scikit-learn HGB (1 thread)', () => timed(python, [script, csv, task], { OMP_NUM_THREADS: '1' })],
      );
    }
    const results = new Map<string, (Measure & { rss?: number })[]>(sides.map(([name]) => [name, []]));
    // Interleaved runs: a change in machine load hits every side alike.
    for (let run = 0; run < runs; run++) {
      for (const [name, go] of sides) {
        const m = go();
        results.get(name)?.push(m);
        console.error(
          `${task} ${name} run ${run + 1}: fit ${m.fit_seconds.toFixed(2)} s, metric ${m.metric.toFixed(4)}`,
        );
      }
    }
    for (const [name, ms] of results) {
      table.push([
        task,
        name,
        predictOnly
          ? 'n/a (predict only)'
          : spreadText(
              ms.map((m) => m.fit_seconds),
              2,
            ),
        predictOnly
          ? ''
          : spreadText(
              ms.map((m) => m.fit_cpu_seconds),
              1,
            ),
        spreadText(
          ms.map((m) => m.predict_seconds),
          3,
        ),
        `${task === 'classification' ? 'acc' : 'rmse'} ${median(ms.map((m) => m.metric)).toFixed(4)}`,
        `${ms[0]?.iterations ?? '?'} / ${ms[0]?.leaves ?? '?'}`,
        spreadText(
          ms.map((m) => m.rss ?? Number.NaN),
          0,
        ),
      ]);
    }
  }
  if (!haveSklearn)
    table.push(['', 'scikit-learn', 'n/a (apt-get install -y python3-sklearn python3-pandas)', '', '', '', '', '']);
  const loadAfter = os.loadavg();
  console.log(
    `\ngbdt: ${rows} rows (train 80% / test 10%), 12 features, max_iter 100, no early stopping, node ${process.version}, ${os.availableParallelism()} cores; mlx predicts on the threads of its row${predictOnly ? '; BENCH_PREDICT_ONLY: saved models, no fit' : ''}\n`,
  );
  printTable(
    [
      'task',
      'implementation',
      'fit s',
      'fit CPU s',
      'predict s (all rows, row threads)',
      'test metric',
      'iterations / leaves',
      'peak RSS MiB',
    ],
    table,
  );
  console.log(
    `\nload average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    'targets: accuracy within 0.003 of scikit-learn; fit ≤ 1.5× scikit-learn; peak RSS ≤ scikit-learn; predict 1M rows ≤ 1 s',
  );
  if (!predictOnly) await examplesPart(runs);
}

/** The shipped examples and serve latency tables, with the load average around them. */
async function examplesPart(runs: number): Promise<void> {
  const haveSklearn =
    spawnSync('/usr/bin/python3', ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status === 0;
  const loadBefore = os.loadavg();
  const { quality, latency, splits } = await benchExamples(runs, haveSklearn);
  const loadAfter = os.loadavg();
  console.log(
    `\nshipped examples: mlx train --set model=gbdt (built binary) vs scikit-learn HGB defaults on the same prepared split; medians of ${runs} (min–max)\n`,
  );
  printTable(['example', 'implementation', 'test metric', 'fit s', 'command s (start included)'], quality);
  console.log(
    "\nmlx serve, single-row POST /v1/predict, 1 connection (penguins): the gbdt and MLP servers up at once, 2000 requests sent to them in turn after 200 warm-up; client-side p50/p99 (Node fetch), the server-side p50 (the access log's latency_ms of the same requests) and the mean model call (each server's mlx_model_call_duration_seconds)\n",
  );
  printTable(['model', 'p50 ms', 'p99 ms', 'server-side p50 ms', 'model call µs'], latency);
  if (splits.length > 0) {
    console.log(
      '\ncars over other splits: `mlx data prepare --set seed=S`, then mlx gbdt and scikit-learn HGB (defaults, 1 thread) on that split; test RMSE\n',
    );
    printTable(['split', 'mlx gbdt', 'scikit-learn HGB', 'mlx − scikit-learn'], splits);
  }
  console.log(
    `\nload average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
}
