// `npm run bench -- predict [rows] [--baseline DIR]`: `mlx predict` end to end on a deterministic generated
// CSV (default 615,000 rows ≈ 50 MB, the shape of bench/gen-data.ts) with a small MLP trained on 20,000 rows
// of the same generator. Wall time, CPU time and peak RSS (/usr/bin/time -v), median of BENCH_RUNS (3) with
// the min–max range. With --baseline DIR (another mlx checkout, built), both binaries run on the same input
// in the same run, interleaved, so a before/after comparison shares the machine's load. This checkout runs
// twice per round: as a user runs it (--threads auto) and with --threads 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import {
  machineInfo,
  median,
  mlxBin,
  peakRssMiB,
  printTable,
  projectRoot,
  spread,
  spreadText,
  writeResult,
} from './lib.js';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? path.resolve(args[baselineAt + 1] ?? '') : null;
const positional = args.filter((a, i) => !a.startsWith('--') && (baselineAt < 0 || i !== baselineAt + 1));
const rows = Number(positional[0] ?? process.env.BENCH_ROWS ?? 615_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = path.join(projectRoot, 'bench', 'out', 'predict');
const input = path.join(dir, `synthetic-${rows}.csv`);

interface Timing {
  seconds: number;
  cpu: number;
  rssMiB: number;
}

const CONFIG = `data:
  source: data/raw/train.csv
  target: target
  task: classification
  split: { train: 0.8, val: 0.1, test: 0.1 }
model:
  name: bench
  type: mlp
  hidden: [32]
train:
  epochs: 5
  backend: wasm
serve:
  store: none
`;

function mlx(bin: string, argv: string[]): void {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mlx ${argv.join(' ')} failed:\n${result.stderr}`);
}

function timedOnce(bin: string, extra: string[]): Timing {
  const out = path.join(dir, 'out.csv');
  const start = process.hrtime.bigint();
  const result = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, bin, 'predict', '--input', input, '--output', out, '--log-level', 'error', ...extra],
    { cwd: dir, encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`predict failed:\n${result.stderr.slice(-2000)}`);
  const field = (name: string) =>
    Number(new RegExp(`${name} \\(seconds\\): ([\\d.]+)`).exec(result.stderr)?.[1] ?? Number.NaN);
  return { seconds, cpu: field('User time') + field('System time'), rssMiB: peakRssMiB(result.stderr) ?? Number.NaN };
}

if (!existsSync(path.join(projectRoot, 'dist'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
mkdirSync(path.join(dir, 'data', 'raw'), { recursive: true });
if (!existsSync(input)) {
  console.error(`generating ${rows} rows → ${path.relative(projectRoot, input)}`);
  await generateBenchCsv(input, rows);
}
const trainCsv = path.join(dir, 'data', 'raw', 'train.csv');
if (!existsSync(trainCsv)) await generateBenchCsv(trainCsv, 20_000, 7);
writeFileSync(path.join(dir, 'mlx.config.yaml'), CONFIG);
console.error('preparing and training the model to predict with');
mlx(mlxBin, ['data', 'prepare']);
mlx(mlxBin, ['train', '--force']);

// This checkout as a user runs it (--threads auto: two threads on 2 cores), and on one thread.
const sides: [string, string, string[]][] = [
  ['this checkout', mlxBin, []],
  ['this checkout, --threads 1', mlxBin, ['--threads', '1']],
];
if (baseline) sides.push([`baseline ${path.basename(baseline)}`, path.join(baseline, 'bin', 'run.js'), []]);
const started = new Date();
const loadAtStart = os.loadavg();
const results = new Map<string, Timing[]>(sides.map(([label]) => [label, []]));
for (let i = 0; i < runs; i++)
  for (const [label, bin, extra] of sides) {
    console.error(`run ${i + 1}/${runs}: ${label}`);
    results.get(label)?.push(timedOnce(bin, extra));
  }

const mb = statSync(input).size / 1e6;
const loadAtEnd = os.loadavg();
const written = writeResult('predict', {
  benchmark: 'predict',
  date: started.toISOString(),
  machine: machineInfo(),
  workload: { rows, csvMB: Number(mb.toFixed(1)), model: 'MLP [32] trained on 20,000 rows of the same generator' },
  protocol: `${runs} runs per side, interleaved; mlx predict --input CSV --output CSV, whole process under /usr/bin/time -v`,
  loadAverage: { start: loadAtStart, end: loadAtEnd },
  summary: Object.fromEntries(
    sides.map(([label]) => {
      const t = results.get(label) ?? [];
      return [
        label,
        {
          wallSeconds: spread(t.map((x) => x.seconds)),
          cpuSeconds: spread(t.map((x) => x.cpu)),
          peakRssMiB: spread(t.map((x) => x.rssMiB)),
          rowsPerSecond: spread(t.map((x) => rows / x.seconds)),
        },
      ];
    }),
  ),
  runs: Object.fromEntries(results),
});
console.log(
  `\nmlx predict on ${rows.toLocaleString('en')} rows (${mb.toFixed(1)} MB CSV), median of ${runs} (min–max), sides interleaved; load average ${loadAtStart
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )} at the start, ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')} at the end, on ${os.cpus().length} cores\n`,
);
printTable(
  ['binary', 'wall s', 'CPU s', 'peak RSS MiB', 'rows/s (wall)'],
  sides.map(([label]) => {
    const t = results.get(label) ?? [];
    return [
      label,
      spreadText(
        t.map((x) => x.seconds),
        1,
      ),
      spreadText(
        t.map((x) => x.cpu),
        1,
      ),
      spreadText(
        t.map((x) => x.rssMiB),
        0,
      ),
      Math.round(rows / median(t.map((x) => x.seconds))).toLocaleString('en'),
    ];
  }),
);
console.log(`\ntarget: 1M rows in ≤ 2 s (wall, the default threads); written to ${written}`);
