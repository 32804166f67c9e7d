// `npm run bench -- drift [rows]`: issue 17's benchmark, one run, both sides side by side.
// 1. Time and peak RSS of the drift computation on 1M reference × 1M current rows × 13 columns (8 numeric,
//    5 categorical), mlx's `mlx` and `evidently` methods next to numpy/scipy computing the same statistics
//    (bench/reference/drift_scipy.py) on the same files: median of 3 fresh processes per side (min–max),
//    load reported apart, and the largest relative difference of the scores.
// 2. The same from CSV files, loading included (bench/drift-from-csv.bench.ts, run from here).
// 3. False-alarm rate and power of both methods (bench/drift-errors.bench.ts, run from here).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, METHODS, type Method, type SideResult, type Timed, timed } from './drift-sides.js';
import { benchRandom } from './gen-data.js';
import { printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = path.join(projectRoot, 'bench', 'out', 'drift', String(rows));
const NUMERIC = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
const CATEGORIES: [string, number][] = [
  ['c0', 3],
  ['c1', 7],
  ['c2', 12],
  ['c3', 40],
  ['c4', 2],
];
/** Deterministic files: current is shifted on half the numeric columns and two categorical ones. */
function generate(): void {
  mkdirSync(dir, { recursive: true });
  const { uniform, normal } = benchRandom(20261127);
  for (const side of ['ref', 'cur']) {
    const shift = side === 'cur' ? 1 : 0;
    NUMERIC.forEach((name, k) => {
      const a = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const base = k % 3 === 0 ? normal() * (k + 1) : k % 3 === 1 ? -Math.log(1 - uniform()) * 10 : uniform() * 100;
        // ~1 % missing in two columns
        a[i] =
          k >= 6 && uniform() < 0.01
            ? Number.NaN
            : Math.round((base + (k < 4 ? shift * 0.3 * (k + 1) : 0)) * 1000) / 1000;
      }
      writeFileSync(path.join(dir, `${side}-${name}.f64`), a);
    });
    CATEGORIES.forEach(([name, k], j) => {
      const a = new Uint8Array(rows);
      for (let i = 0; i < rows; i++) {
        const u = uniform() ** (j < 2 ? 1 + shift : 1);
        a[i] = Math.min(k - 1, Math.floor(u * u * k));
      }
      writeFileSync(path.join(dir, `${side}-${name}.u8`), a);
    });
  }
  const columns = [
    ...NUMERIC.map((name) => ({ name, kind: 'numeric' })),
    ...CATEGORIES.map(([name]) => ({ name, kind: 'categorical' })),
  ];
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows, columns }));
}

/** Reads a whole binary file straight into `target`'s memory (no intermediate Buffer copy). */
function readInto(file: string, target: Uint8Array): void {
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < target.byteLength; ) at += readSync(fd, target, at, target.byteLength - at, at);
  } finally {
    closeSync(fd);
  }
}

/** The mlx side, run in a child process so its RSS is its own: typed numeric columns, label arrays. */
async function worker(method: Method): Promise<void> {
  const { columnsSource, computeDrift } = await import('../src/lib/drift/compute.js');
  const t0 = performance.now();
  const load = (side: string) => {
    const cols: Record<string, ArrayLike<unknown>> = {};
    for (const name of NUMERIC) {
      const file = path.join(dir, `${side}-${name}.f64`);
      const values = new Float64Array(statSync(file).size / 8);
      readInto(file, new Uint8Array(values.buffer));
      cols[name] = values;
    }
    for (const [name, k] of CATEGORIES) {
      const file = path.join(dir, `${side}-${name}.u8`);
      const codes = new Uint8Array(statSync(file).size);
      readInto(file, codes);
      const labels = Array.from({ length: k }, (_, i) => `v${i}`);
      const strings = new Array<string>(codes.length);
      for (let i = 0; i < codes.length; i++) strings[i] = labels[codes[i] as number] as string;
      cols[name] = strings;
    }
    return cols;
  };
  const reference = columnsSource(load('ref'));
  const current = columnsSource(load('cur'));
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const features = [
    ...NUMERIC.map((name) => ({ name, type: 'numeric' as const })),
    ...CATEGORIES.map(([name]) => ({ name, type: 'categorical' as const })),
  ].map((f) => ({ ...f, required: true, min: null, max: null, allowed: null }));
  const result = computeDrift({
    reference,
    current,
    schema: { features },
    config: { method, min_samples: 30, share: 0.5, columns: {} },
  });
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  const results = Object.fromEntries(
    result.columns.map((c) => [
      c.column,
      {
        test: c.test,
        score: c.score,
        psi: c.psi,
        ...(c.effectSize ? { effect: c.effectSize.value } : {}),
        ...(c.pValueAdjusted === null ? {} : { adjusted: c.pValueAdjusted }),
      },
    ]),
  );
  const out: SideResult = {
    load_s: (t1 - t0) / 1000,
    compute_s: (t2 - t1) / 1000,
    cpu_s: (used.user + used.system) / 1e6,
    peak_rss_mib: process.resourceUsage().maxRSS / 1024,
    results,
  };
  console.log(JSON.stringify(out));
}

if (process.argv.includes('--worker')) {
  await worker((process.argv[process.argv.indexOf('--worker') + 1] ?? 'mlx') as Method);
} else {
  const t = performance.now();
  generate();
  console.log(
    `generated ${rows} + ${rows} rows × 13 columns in ${((performance.now() - t) / 1000).toFixed(1)} s (${dir})`,
  );
  const python = '/usr/bin/python3';
  const table: (string | number)[][] = [];
  const notes: string[] = [];
  const loads: number[] = [];
  for (const method of METHODS) {
    loads.push(os.loadavg()[0] ?? 0);
    const bench = path.join(projectRoot, 'bench', 'drift.bench.ts');
    const mlx = timed(process.execPath, ['--import', 'tsx', bench, String(rows), '--worker', method], runs);
    const py = timed(python, [path.join(projectRoot, 'bench', 'reference', 'drift_scipy.py'), dir, method], runs);
    loads.push(os.loadavg()[0] ?? 0);
    const row = (name: string, r: Timed) => [
      method,
      name,
      `${r.compute_s.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`,
      r.cpu_s.toFixed(2),
      r.load_s.toFixed(2),
      r.peak_rss_mib.toFixed(0),
    ];
    table.push(row('mlx (TypeScript)', mlx), row('numpy/scipy', py));
    notes.push(
      `${method}: mlx/scipy compute time ${(mlx.compute_s / py.compute_s).toFixed(2)}× (target ≤ 0.5×), peak RSS ${(mlx.peak_rss_mib / py.peak_rss_mib).toFixed(2)}× (target ≤ 1×); max relative difference of scores ${compare(mlx, py).toExponential(1)}; tests ${Object.values(
        mlx.results,
      )
        .map((r) => r.test)
        .join(' ')}`,
    );
  }
  console.log(
    `\ndrift computation, ${rows} × ${rows} rows × 13 columns, node ${process.version}, median of ${runs} processes (compute range)`,
  );
  console.log(
    `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores (shared machine: provisional figures)\n`,
  );
  printTable(['method', 'implementation', 'compute s (wall)', 'compute s (CPU)', 'load s', 'peak RSS MiB'], table);
  console.log(`\n${notes.join('\n')}`);
  for (const [name, skip] of [
    ['drift-from-csv', process.env.BENCH_SKIP_CSV],
    ['drift-errors', process.env.BENCH_SKIP_ERRORS],
  ] as const) {
    if (skip) continue;
    const args = [
      '--import',
      'tsx',
      path.join(projectRoot, 'bench', `${name}.bench.ts`),
      ...(name === 'drift-from-csv' ? [String(rows)] : []),
    ];
    const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
