// `npm run bench -- drift-cli [rows]`: the drift command end to end from two CSV files, as a user runs
// it (`mlx drift --reference a.csv --current b.csv --json`, the built CLI: start-up, ingest to typed
// columns, the tests, the report files), next to pandas.read_csv + numpy/scipy
// (bench/reference/drift_scipy.py --csv, the same statistics) as a whole process too. Wall time and
// peak RSS of each process from /usr/bin/time; median of 3 fresh processes, interleaved. Build first;
// the files are the ones `npm run bench -- drift-from-csv` writes (generated when missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import { median, printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const COLUMNS = [
  ...['n_normal', 'n_lognormal', 'n_uniform', 'n_exponential', 'n_count', 'n_bimodal', 'n_heavy', 'n_skewed'].map(
    (name) => ({ name, kind: 'numeric' }),
  ),
  ...['cat_a', 'cat_b', 'cat_c', 'cat_d', 'target'].map((name) => ({ name, kind: 'categorical' })),
];
const dir = path.join(projectRoot, 'bench', 'out', 'drift', `csv-${rows}`);
const files = [path.join(dir, 'reference.csv'), path.join(dir, 'current.csv')] as const;

/** Wall seconds, CPU seconds and peak RSS (MiB) of one process, from GNU time. */
function measure(cmd: string, args: string[], cwd: string): { wall: number; cpu: number; rss: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME ')) ?? '';
  const [wall, user, sys, kib] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, rss: kib / 1024 };
}

if (!existsSync(path.join(projectRoot, 'dist', 'lib')) || !existsSync('/usr/bin/time')) {
  console.error('build first (npm run build); /usr/bin/time is needed (apt-get install time)');
  process.exit(2);
} else {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(files[1])) {
    await generateBenchCsv(files[0], rows, 20240607);
    await generateBenchCsv(files[1], rows, 20261201);
  }
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-cli-'));
  const table: string[][] = [];
  const loads = [os.loadavg()[0] ?? 0];
  for (const method of ['mlx', 'evidently'] as const) {
    const mlx: ReturnType<typeof measure>[] = [];
    const py: ReturnType<typeof measure>[] = [];
    for (let i = 0; i < runs; i++) {
      mlx.push(
        measure(
          process.execPath,
          [
            path.join(projectRoot, 'bin', 'run.js'),
            'drift',
            '--reference',
            files[0],
            '--current',
            files[1],
            '--json',
            '--set',
            `drift.method=${method}`,
          ],
          cwd,
        ),
      );
      py.push(
        measure(
          '/usr/bin/python3',
          [
            path.join(projectRoot, 'bench', 'reference', 'drift_scipy.py'),
            '--csv',
            ...files,
            method,
            JSON.stringify(COLUMNS),
          ],
          cwd,
        ),
      );
      loads.push(os.loadavg()[0] ?? 0);
    }
    const row = (name: string, all: ReturnType<typeof measure>[]) => {
      const walls = all.map((m) => m.wall);
      return [
        method,
        name,
        `${median(walls).toFixed(2)} (${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)})`,
        median(all.map((m) => m.cpu)).toFixed(2),
        Math.max(...all.map((m) => m.rss)).toFixed(0),
      ];
    };
    table.push(row('mlx drift --reference a.csv --current b.csv', mlx), row('pandas.read_csv + numpy/scipy', py));
    const ratio = median(mlx.map((m) => m.wall)) / median(py.map((m) => m.wall));
    const rss = Math.max(...mlx.map((m) => m.rss)) / Math.max(...py.map((m) => m.rss));
    table.push([method, 'mlx / scipy', `${ratio.toFixed(2)}×`, '', `${rss.toFixed(2)}×`]);
  }
  rmSync(cwd, { recursive: true, force: true });
  console.log(
    `\ndrift end to end from two ${rows.toLocaleString('en')}-row CSV files (${COLUMNS.length} columns), whole processes, median of ${runs} (range), load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`,
  );
  printTable(['method', 'process', 'wall s', 'CPU s', 'peak RSS MiB'], table);
}
