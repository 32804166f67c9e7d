// `npm run bench -- data [rows]`: times `mlx data prepare` end to end on a deterministic
// generated CSV (default 1,000,000 rows: 8 numeric columns of varied distributions, 4
// categorical of cardinality 3–50, ~2% missing, a binary target) next to a pandas script doing
// the same steps (bench/reference/data_prepare.py). Peak RSS from /usr/bin/time -v.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import { median, mlxBin, peakRssMiB, printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = path.join(projectRoot, 'bench', 'out', 'data');
const csv = path.join(dir, 'data', 'raw', `synthetic-${rows}.csv`);

interface Timing {
  seconds: number;
  /** user + system CPU seconds: fairer than wall time on a shared, loaded machine. */
  cpu: number;
  rssMiB: number;
}

function timedOnce(cmd: string, args: string[], cwd: string): Timing {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const field = (name: string) =>
    Number(new RegExp(`${name} \\(seconds\\): ([\\d.]+)`).exec(result.stderr)?.[1] ?? Number.NaN);
  return { seconds, cpu: field('User time') + field('System time'), rssMiB: peakRssMiB(result.stderr) ?? Number.NaN };
}

/** Median of `runs` runs, per measure. */
function timed(cmd: string, args: string[], cwd: string): Timing {
  const all = Array.from({ length: runs }, () => timedOnce(cmd, args, cwd));
  return {
    seconds: median(all.map((t) => t.seconds)),
    cpu: median(all.map((t) => t.cpu)),
    rssMiB: Math.max(...all.map((t) => t.rssMiB)),
  };
}

function row(label: string, t: Timing): (string | number)[] {
  return [
    label,
    t.seconds.toFixed(2),
    Math.round(rows / t.seconds),
    t.cpu.toFixed(2),
    Math.round(rows / t.cpu),
    t.rssMiB.toFixed(0),
  ];
}

if (!existsSync(path.join(projectRoot, 'dist'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
if (!existsSync(csv)) {
  console.error(`generating ${rows} rows → ${path.relative(projectRoot, csv)}`);
  await generateBenchCsv(csv, rows);
}
writeFileSync(
  path.join(dir, 'mlx.config.yaml'),
  `seed: 42\ndata:\n  source: ${path.relative(dir, csv)}\n  target: target\n  task: classification\n  checks: { min_class_fraction: 0.01 }\n`,
);
const sizeMiB = statSync(csv).size / 2 ** 20;
const results: (string | number)[][] = [];
const mlx = timed(process.execPath, [mlxBin, 'data', 'prepare', '--force', '--quiet'], dir);
results.push(row('mlx data prepare', mlx));
const python = '/usr/bin/python3';
const pandasOk = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
if (pandasOk) {
  const script = path.join(projectRoot, 'bench', 'reference', 'data_prepare.py');
  const pandas = timed(python, [script, csv, path.join(dir, 'pandas-out')], dir);
  results.push(row('pandas reference', pandas));
} else {
  results.push(['pandas reference', 'n/a (apt-get install -y python3-pandas)', '', '', '', '']);
}
console.log(
  `\ndata prepare: ${rows} rows, ${sizeMiB.toFixed(1)} MiB CSV, node ${process.version}, median of ${runs} runs\n`,
);
printTable(['pipeline', 'wall s', 'rows/s (wall)', 'CPU s', 'rows/s (CPU)', 'peak RSS MiB'], results);
console.log('\ntargets: mlx rows/s ≥ pandas rows/s; peak RSS ≤ 1536 MiB');
