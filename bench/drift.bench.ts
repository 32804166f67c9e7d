// `npm run bench -- drift [rows]`: issue 17's benchmark, one run, both sides side by side.
// 1. Time and peak RSS of the drift computation on 1M reference × 1M current rows × 13 columns (8 numeric,
//    5 categorical), mlx's `mlx` and `evidently` methods next to numpy/scipy computing the same statistics
//    (bench/reference/drift_scipy.py) on the same files: median of 3 fresh processes per side (min–max),
//    load reported apart, and the largest relative difference of the scores.
// 2. The same from CSV files, loading included (bench/drift-from-csv.bench.ts, run from here).
// 3. False-alarm rate and power of both methods (bench/drift-errors.bench.ts, run from here).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, METHODS, type Timed, timed } from './drift-sides.js';
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
    ...CATEGORIES.map(([name, levels]) => ({ name, kind: 'categorical', levels })),
  ];
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows, columns }));
}

/**
 * The mlx side, a plain-JS process of the built library (dist/, as `mlx drift` runs; no tsx loader in
 * its RSS): typed numeric columns read straight into Float64Arrays, label arrays for the categories.
 * argv: dist/lib, data dir, method. Prints one SideResult.
 */
const WORKER = `
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
const [lib, dir, method] = process.argv.slice(2);
const { columnsSource, computeDrift } = await import(path.join(lib, 'drift', 'compute.js'));
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
function readInto(file, target) {
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < target.byteLength; ) at += readSync(fd, target, at, target.byteLength - at, at);
  } finally {
    closeSync(fd);
  }
}
const t0 = performance.now();
const load = (side) => {
  const cols = {};
  for (const c of meta.columns) {
    const file = path.join(dir, side + '-' + c.name + (c.kind === 'numeric' ? '.f64' : '.u8'));
    if (c.kind === 'numeric') {
      const values = new Float64Array(statSync(file).size / 8);
      readInto(file, new Uint8Array(values.buffer));
      cols[c.name] = values;
    } else {
      const codes = new Uint8Array(statSync(file).size);
      readInto(file, codes);
      const labels = Array.from({ length: c.levels }, (_, i) => 'v' + i);
      const strings = new Array(codes.length);
      for (let i = 0; i < codes.length; i++) strings[i] = labels[codes[i]];
      cols[c.name] = strings;
    }
  }
  return cols;
};
const reference = columnsSource(load('ref'));
const current = columnsSource(load('cur'));
const t1 = performance.now();
const cpu = process.cpuUsage();
const features = meta.columns.map((c) => ({ name: c.name, type: c.kind, required: true, min: null, max: null, allowed: null }));
const result = computeDrift({ reference, current, schema: { features }, config: { method, min_samples: 30, share: 0.5, columns: {} } });
const t2 = performance.now();
const used = process.cpuUsage(cpu);
const results = Object.fromEntries(result.columns.map((c) => [c.column, {
  test: c.test, score: c.score, psi: c.psi,
  ...(c.effectSize ? { effect: c.effectSize.value } : {}),
  ...(c.pValueAdjusted === null ? {} : { adjusted: c.pValueAdjusted }),
}]));
console.log(JSON.stringify({ load_s: (t1 - t0) / 1000, compute_s: (t2 - t1) / 1000, cpu_s: (used.user + used.system) / 1e6, peak_rss_mib: process.resourceUsage().maxRSS / 1024, results }));
`;

if (!existsSync(path.join(projectRoot, 'dist', 'lib'))) {
  console.error('build first: npm run build');
  process.exit(2);
} else {
  const t = performance.now();
  generate();
  console.log(
    `generated ${rows} + ${rows} rows × 13 columns in ${((performance.now() - t) / 1000).toFixed(1)} s (${dir})`,
  );
  const python = '/usr/bin/python3';
  const workerFile = path.join(dir, 'worker.mjs');
  writeFileSync(workerFile, WORKER);
  const lib = path.join(projectRoot, 'dist', 'lib');
  const table: (string | number)[][] = [];
  const notes: string[] = [];
  const loads: number[] = [];
  for (const method of METHODS) {
    loads.push(os.loadavg()[0] ?? 0);
    const mlx = timed(process.execPath, [workerFile, lib, dir, method], runs);
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
    table.push(row('mlx (Node, dist/)', mlx), row('numpy/scipy', py));
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
