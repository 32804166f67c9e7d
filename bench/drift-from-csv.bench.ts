// `npm run bench -- drift-from-csv [rows]` (also run by `npm run bench -- drift`): drift from two CSV
// files of generated tabular data (bench/gen-data.ts, 13 feature columns), loading included. mlx reads
// them with the data module's ingest into typed columns, as the drift workflow should (no row objects),
// and runs computeDrift; next to pandas.read_csv + the same numpy/scipy code
// (bench/reference/drift_scipy.py --csv). Median of 3 fresh processes per side.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, METHODS, type Method, r2, type SideResult, timed } from './drift-sides.js';
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

/** A column as ingest built it (Float64Array or string array), without arquero's copy. */
function columnArray(table: import('arquero').ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name);
  if (column instanceof Float64Array || Array.isArray(column)) return column;
  return table.array(name);
}

/** The mlx side from CSV: the data module's ingest (feature columns only, declared types), typed columns. */
async function csvWorker(method: Method): Promise<void> {
  const { defaultConfig } = await import('../src/lib/config/index.js');
  const { ingestFile } = await import('../src/lib/data/index.js');
  const { columnsSource, computeDrift } = await import('../src/lib/drift/compute.js');
  const config = defaultConfig();
  config.data.select = CSV_FEATURES.map((f) => f.name);
  const types = Object.fromEntries(
    CSV_FEATURES.map((f) => [f.name, f.kind === 'numeric' ? ('numeric' as const) : ('categorical' as const)]),
  );
  const t0 = performance.now();
  const load = async (file: string) => {
    const { table } = await ingestFile(file, { config, types });
    return columnsSource(Object.fromEntries(CSV_FEATURES.map((f) => [f.name, columnArray(table, f.name)])));
  };
  const reference = await load(csvFiles[0]);
  const current = await load(csvFiles[1]);
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const features = CSV_FEATURES.map((f) => ({
    name: f.name,
    type: types[f.name] ?? 'numeric',
    required: true,
    min: null,
    max: null,
    allowed: null,
  }));
  const result = computeDrift({ reference, current, schema: { features }, config: { ...config.drift, method } });
  const used = process.cpuUsage(cpu);
  const out: SideResult = {
    load_s: (t1 - t0) / 1000,
    compute_s: (performance.now() - t1) / 1000,
    cpu_s: (used.user + used.system) / 1e6,
    peak_rss_mib: process.resourceUsage().maxRSS / 1024,
    results: Object.fromEntries(
      result.columns.map((c) => [
        c.column,
        { test: c.test, score: c.score, psi: c.psi, ...(c.effectSize ? { effect: c.effectSize.value } : {}) },
      ]),
    ),
  };
  console.log(JSON.stringify(out));
}

if (process.argv.includes('--csv-worker')) {
  await csvWorker((process.argv[process.argv.indexOf('--csv-worker') + 1] ?? 'mlx') as Method);
} else {
  const python = '/usr/bin/python3';
  const notes: string[] = [];
  mkdirSync(csvDir, { recursive: true });
  if (!existsSync(csvFiles[1])) {
    await generateBenchCsv(csvFiles[0], rows, 20240607);
    await generateBenchCsv(csvFiles[1], rows, 20261201);
  }
  const csvTable: (string | number)[][] = [];
  const csvLoads = [os.loadavg()[0] ?? 0];
  for (const method of METHODS) {
    const bench = path.join(projectRoot, 'bench', 'drift-from-csv.bench.ts');
    const mlx = timed(process.execPath, ['--import', 'tsx', bench, String(rows), '--csv-worker', method], runs);
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
