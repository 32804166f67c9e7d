// `npm run bench -- drift-from-csv [rows]` (also run by `npm run bench -- drift`): drift from two CSV
// files of generated tabular data (bench/gen-data.ts, 13 feature columns), loading included. mlx reads
// them with the data module's ingest into typed columns, as the drift workflow should (no row objects),
// and runs computeDrift; next to pandas.read_csv + the same numpy/scipy code
// (bench/reference/drift_scipy.py --csv). Median of 3 fresh processes per side. Build first.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, METHODS, r2, type SideResult, timed } from './drift-sides.js';
import { generateBenchCsv } from './gen-data.js';
import { printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const CSV_FEATURES = [
  ...['n_normal', 'n_lognormal', 'n_uniform', 'n_exponential', 'n_count', 'n_bimodal', 'n_heavy', 'n_skewed'].map(
    (name) => ({
      name,
      kind: 'numeric',
    }),
  ),
  ...['cat_a', 'cat_b', 'cat_c', 'cat_d', 'target'].map((name) => ({ name, kind: 'categorical' })),
];
const csvDir = path.join(projectRoot, 'bench', 'out', 'drift', `csv-${rows}`);
const csvFiles = [path.join(csvDir, 'reference.csv'), path.join(csvDir, 'current.csv')] as const;

/**
 * The mlx side, a plain-JS process of the built library (dist/, no tsx loader in its RSS): the data
 * module's ingest (feature columns only, declared types) into typed columns, taken from the table
 * without arquero's copy, then computeDrift. argv: dist/lib, method, features JSON, the two files.
 */
const WORKER = `
import path from 'node:path';
const [lib, method, featuresJson, ...files] = process.argv.slice(2);
const { defaultConfig } = await import(path.join(lib, 'config', 'index.js'));
const { ingestFile } = await import(path.join(lib, 'data', 'index.js'));
const { columnsSource, computeDrift } = await import(path.join(lib, 'drift', 'compute.js'));
const features = JSON.parse(featuresJson).map((f) => ({ name: f.name, type: f.kind, required: true, min: null, max: null, allowed: null }));
const config = defaultConfig();
config.data.select = features.map((f) => f.name);
const types = Object.fromEntries(features.map((f) => [f.name, f.type]));
const column = (table, name) => {
  const c = table.column(name);
  return c instanceof Float64Array || Array.isArray(c) ? c : table.array(name);
};
const t0 = performance.now();
const sides = [];
for (const file of files) {
  const { table } = await ingestFile(file, { config, types });
  sides.push(columnsSource(Object.fromEntries(features.map((f) => [f.name, column(table, f.name)]))));
}
const t1 = performance.now();
const cpu = process.cpuUsage();
const result = computeDrift({ reference: sides[0], current: sides[1], schema: { features }, config: { ...config.drift, method } });
const used = process.cpuUsage(cpu);
const results = Object.fromEntries(result.columns.map((c) => [c.column, {
  test: c.test, score: c.score, psi: c.psi, ...(c.effectSize ? { effect: c.effectSize.value } : {}),
}]));
console.log(JSON.stringify({ load_s: (t1 - t0) / 1000, compute_s: (performance.now() - t1) / 1000, cpu_s: (used.user + used.system) / 1e6, peak_rss_mib: process.resourceUsage().maxRSS / 1024, results }));
`;

if (!existsSync(path.join(projectRoot, 'dist', 'lib'))) {
  console.error('build first: npm run build');
  process.exit(2);
} else {
  const python = '/usr/bin/python3';
  const notes: string[] = [];
  mkdirSync(csvDir, { recursive: true });
  if (!existsSync(csvFiles[1])) {
    await generateBenchCsv(csvFiles[0], rows, 20240607);
    await generateBenchCsv(csvFiles[1], rows, 20261201);
  }
  const workerFile = path.join(csvDir, 'worker.mjs');
  writeFileSync(workerFile, WORKER);
  const lib = path.join(projectRoot, 'dist', 'lib');
  const csvTable: (string | number)[][] = [];
  const csvLoads = [os.loadavg()[0] ?? 0];
  for (const method of METHODS) {
    const mlx = timed(process.execPath, [workerFile, lib, method, JSON.stringify(CSV_FEATURES), ...csvFiles], runs);
    const script = path.join(projectRoot, 'bench', 'reference', 'drift_scipy.py');
    const py = timed(python, [script, '--csv', ...csvFiles, method, JSON.stringify(CSV_FEATURES)], runs);
    csvLoads.push(os.loadavg()[0] ?? 0);
    const total = (r: SideResult) => r.load_s + r.compute_s;
    csvTable.push(
      [
        method,
        'mlx: ingest to typed columns + computeDrift',
        r2(mlx.load_s),
        r2(mlx.compute_s),
        r2(total(mlx)),
        mlx.peak_rss_mib.toFixed(0),
      ],
      [
        method,
        'pandas.read_csv + numpy/scipy',
        r2(py.load_s),
        r2(py.compute_s),
        r2(total(py)),
        py.peak_rss_mib.toFixed(0),
      ],
    );
    notes.push(`csv ${method}: max relative difference of scores ${compare(mlx, py).toExponential(1)}`);
  }
  console.log(
    `\nfrom CSV: two ${rows}-row files (${CSV_FEATURES.length} feature columns), median of ${runs} processes, load average ${Math.min(...csvLoads).toFixed(1)}–${Math.max(...csvLoads).toFixed(1)}\n`,
  );
  printTable(['method', 'pipeline', 'read s', 'compute s', 'total s (wall)', 'peak RSS MiB'], csvTable);
  console.log(`\n${notes.join('\n')}`);
}
