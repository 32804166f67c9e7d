// `npm run bench -- train [rows] [epochs]`: training throughput of the default MLP ([64, 32], ReLU,
// Adam 1e-3, batch 256) on a generated CSV shaped like the data benchmark's (bench/gen-data.ts;
// default 1,000,000 rows, 88 inputs after one-hot encoding), next to the same model and preprocessing in PyTorch
// (bench/reference/train_torch.py, Debian's python3-torch) with one and two threads.
// Samples/s count training rows × epochs over the training loop (incl. one validation pass per
// epoch, as in the reference); peak RSS of the whole process from /usr/bin/time -v.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import { mlxBin, peakRssMiB, printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const epochs = Number(process.argv[3] ?? process.env.BENCH_EPOCHS ?? 1);
const backends = (process.env.BENCH_BACKENDS ?? 'wasm').split(',');
const dir = path.join(projectRoot, 'bench', 'out', 'train');
const csv = path.join(dir, 'data', 'raw', `synthetic-${rows}.csv`);

function run(cmd: string, args: string[], cwd: string) {
  const result = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, rssMiB: peakRssMiB(result.stderr) };
}

if (!existsSync(path.join(projectRoot, 'dist'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
if (!existsSync(csv)) {
  console.error(`generating ${rows} rows → ${path.relative(projectRoot, csv)}`);
  await generateBenchCsv(csv, rows);
}
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'mlx.config.yaml'),
  [
    'seed: 42',
    'data:',
    `  source: ${path.relative(dir, csv)}`,
    '  target: target',
    '  task: classification',
    '  checks: { min_class_fraction: 0.01 }',
    'model: { name: bench, type: mlp, hidden: [64, 32], activation: relu, dropout: 0, l2: 0 }',
    `train: { epochs: ${epochs}, batch_size: 256, lr: 0.001, optimizer: adam, early_stopping: { enabled: false } }`,
    '',
  ].join('\n'),
);
const prepared = spawnSync(process.execPath, [mlxBin, 'data', 'prepare', '--quiet'], { cwd: dir, encoding: 'utf8' });
if (prepared.status !== 0) throw new Error(prepared.stderr);

const table: (string | number)[][] = [];
const measured: Record<string, number> = {};
for (const backend of backends) {
  const r = run(process.execPath, [mlxBin, 'train', '--json', '--quiet', '--set', `train.backend=${backend}`], dir);
  const result = JSON.parse(r.stdout).runs[0] as { runDir: string; rows: { train: number }; width: number };
  const history = JSON.parse(readFileSync(path.join(result.runDir, 'history.json'), 'utf8')) as {
    elapsed_ms: number;
  }[];
  const seconds = (history.at(-1)?.elapsed_ms ?? Number.NaN) / 1000;
  measured[`mlx ${backend}`] = (result.rows.train * epochs) / seconds;
  table.push([
    `mlx (tfjs ${backend})`,
    1,
    result.rows.train,
    result.width,
    seconds.toFixed(1),
    Math.round(measured[`mlx ${backend}`] ?? 0),
    r.rssMiB?.toFixed(0) ?? '?',
  ]);
}
const python = '/usr/bin/python3';
if (spawnSync(python, ['-c', 'import torch, pandas'], { encoding: 'utf8' }).status === 0) {
  for (const threads of [1, 2]) {
    const script = path.join(projectRoot, 'bench', 'reference', 'train_torch.py');
    const r = run(python, [script, csv, 'target', String(epochs), String(threads), '42'], dir);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      rows: number;
      width: number;
      seconds: number;
      samples_per_s: number;
    };
    measured[`torch ${threads}`] = out.samples_per_s;
    table.push([
      `PyTorch (${threads} thread${threads > 1 ? 's' : ''})`,
      threads,
      out.rows,
      out.width,
      out.seconds.toFixed(1),
      Math.round(out.samples_per_s),
      r.rssMiB?.toFixed(0) ?? '?',
    ]);
  }
} else {
  table.push(['PyTorch', 'n/a (apt-get install -y python3-torch python3-pandas)', '', '', '', '', '']);
}
console.log(
  `\ntraining: ${rows} rows, ${epochs} epoch(s), MLP [64, 32], Adam 1e-3, batch 256, node ${process.version}\n`,
);
printTable(['implementation', 'threads', 'train rows', 'inputs', 'seconds', 'samples/s', 'peak RSS MiB'], table);
const torch1 = measured['torch 1'];
if (torch1) {
  console.log('');
  for (const backend of backends) {
    const ratio = (measured[`mlx ${backend}`] ?? 0) / torch1;
    console.log(`mlx ${backend} / PyTorch 1 thread: ${ratio.toFixed(2)}× (target ≥ 0.5×, goal 1×)`);
  }
}
console.log('targets: ≥ 0.5× PyTorch single-thread samples/s; peak RSS ≤ 2048 MiB');
