// `npm run bench -- train [rows] [epochs] [repeats]`: training throughput of the default MLP ([64, 32],
// ReLU, Adam 1e-3, batch 256) on a generated CSV shaped like the data benchmark's (bench/gen-data.ts;
// default 1,000,000 rows → 700,000 training rows, 88 inputs after one-hot encoding, 5 epochs), side by
// side with the same model and preprocessing in PyTorch (bench/reference/train_torch.py, Debian's
// python3-torch), single-threaded (BENCH_TORCH_THREADS=1,2 adds a two-thread row).
//
// Protocol, the same on both sides: each repeat is a fresh process; the runs are interleaved
// (mlx, PyTorch, mlx, PyTorch, ...); the figure is the TRAINING LOOP alone (shuffle, batches, forward,
// backward, optimiser step), as each side times itself: wall seconds and process CPU seconds (mlx:
// metrics.json `training.*`; PyTorch: perf_counter / process_time around its loop); the validation pass
// of each epoch is timed apart; data loading and preprocessing are outside (mlx prepares the data once,
// untimed; PyTorch reads and encodes the CSV in its process, outside its timer). The whole process is
// measured too (/usr/bin/time -v: wall, user + system CPU, peak RSS), but the two processes do different
// work around the loop (mlx also scores every split and writes a bundle). Medians of the repeats with
// min–max, the load average before each run, and the machine go to bench/results/train.json.
// BENCH_BASELINE=<another mlx checkout, built> adds its `mlx train` as a third, interleaved row (it must
// write metrics.json `training.*` like this one), for before/after comparisons.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import { machineInfo, mlxBin, printTable, projectRoot, spread, spreadText } from './lib.js';
import { type Run, runMlx, runTorch } from './train-runs.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const epochs = Number(process.argv[3] ?? process.env.BENCH_EPOCHS ?? 5);
const repeats = Number(process.argv[4] ?? process.env.BENCH_REPEATS ?? 3);
const torchThreads = (process.env.BENCH_TORCH_THREADS ?? '1').split(',').map(Number);
const dir = path.join(projectRoot, 'bench', 'out', 'train');
const csv = path.join(dir, 'data', 'raw', `synthetic-${rows}.csv`);
const resultFile = path.join(projectRoot, 'bench', 'results', 'train.json');
const python = '/usr/bin/python3';
const baseline = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE, 'bin', 'run.js') : null;
const context = { dir, csv, epochs };

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
const hasTorch = spawnSync(python, ['-c', 'import torch, pandas'], { encoding: 'utf8' }).status === 0;
if (!hasTorch) console.error('PyTorch rows skipped: apt-get install -y python3-torch python3-pandas');

const started = new Date();
const loadAtStart = os.loadavg();
const runs: Run[] = [];
for (let repeat = 1; repeat <= repeats; repeat++) {
  runs.push(runMlx(context, repeat, mlxBin, 'mlx (wasm kernels)'));
  if (baseline) runs.push(runMlx(context, repeat, baseline, 'mlx baseline (BENCH_BASELINE)'));
  if (hasTorch) for (const threads of torchThreads) runs.push(runTorch(context, repeat, threads));
  console.error(`repeat ${repeat}/${repeats} done (load average ${os.loadavg()[0]?.toFixed(1)})`);
}
const loadAtEnd = os.loadavg();

const implementations = [...new Set(runs.map((r) => r.implementation))];
const of = (name: string) => runs.filter((r) => r.implementation === name);
const mlxRuns = of(implementations[0] ?? '');
const torch1 = implementations.find((n) => n.includes('(1 thread)'));
// Ratios pair by pair (repeat i of an mlx row with repeat i of PyTorch, run back to back), then the median.
const pairRatios = (numerator: Run[], pick: (r: Run) => number, invert = false) =>
  torch1
    ? numerator.map((m, i) => {
        const t = of(torch1)[i];
        return t ? (invert ? pick(t) / pick(m) : pick(m) / pick(t)) : Number.NaN;
      })
    : [];
const mlxRows = implementations.filter((name) => name.startsWith('mlx'));

const summary = Object.fromEntries(
  implementations.map((name) => {
    const rs = of(name);
    return [
      name,
      {
        samplesPerSecond: spread(rs.map((r) => r.samplesPerSecond)),
        loopSeconds: spread(rs.map((r) => r.loopSeconds)),
        loopCpuSeconds: spread(rs.map((r) => r.loopCpuSeconds)),
        validationSeconds: spread(rs.map((r) => r.validationSeconds)),
        processWallSeconds: spread(rs.map((r) => r.processWallSeconds)),
        processCpuSeconds: spread(rs.map((r) => r.processCpuSeconds)),
        peakRssMiB: spread(rs.map((r) => r.peakRssMiB ?? Number.NaN)),
      },
    ];
  }),
);
const ratios = Object.fromEntries(
  mlxRows.map((name) => [
    name,
    {
      samplesPerSecond: spread(pairRatios(of(name), (r) => r.samplesPerSecond)),
      loopCpuSecondsLess: spread(pairRatios(of(name), (r) => r.loopCpuSeconds, true)),
    },
  ]),
);
const hashes = new Set(mlxRuns.map((r) => r.weightsSha256));
const machine = { ...machineInfo(), torch: runs.find((r) => r.torch)?.torch ?? null };
mkdirSync(path.dirname(resultFile), { recursive: true });
writeFileSync(
  resultFile,
  `${JSON.stringify(
    {
      benchmark: 'train',
      date: started.toISOString(),
      machine,
      workload: {
        rows,
        trainRows: mlxRuns[0]?.trainRows,
        inputs: mlxRuns[0]?.inputs,
        epochs,
        model: '[64, 32] relu',
        batch: 256,
        optimizer: 'adam 1e-3',
      },
      protocol: `${repeats} repeats, interleaved (mlx, PyTorch), fresh processes; the training loop alone, validation apart`,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      summary,
      ratioVsPyTorch1Thread: ratios,
      mlxWeightsIdenticalAcrossRepeats: hashes.size === 1,
      runs,
    },
    null,
    2,
  )}\n`,
);

console.log(
  `\ntraining loop: ${mlxRuns[0]?.trainRows ?? '?'} training rows × ${epochs} epochs, ${mlxRuns[0]?.inputs ?? '?'} inputs, MLP [64, 32], Adam 1e-3, batch 256`,
);
console.log(
  `${started.toISOString()}, ${machine.cpu} ×${machine.cores}, node ${machine.node}; ${repeats} interleaved repeats, median (min–max)`,
);
console.log(
  `load average (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start → ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')} at the end\n`,
);
printTable(
  [
    'implementation',
    'samples/s (loop)',
    'loop s',
    'loop CPU s',
    'validation s',
    'process wall s',
    'process CPU s',
    'peak RSS MiB',
  ],
  implementations.map((name) => {
    const rs = of(name);
    return [
      name,
      spreadText(
        rs.map((r) => r.samplesPerSecond),
        0,
      ),
      spreadText(rs.map((r) => r.loopSeconds)),
      spreadText(rs.map((r) => r.loopCpuSeconds)),
      spreadText(
        rs.map((r) => r.validationSeconds),
        2,
      ),
      spreadText(rs.map((r) => r.processWallSeconds)),
      spreadText(rs.map((r) => r.processCpuSeconds)),
      spreadText(
        rs.map((r) => r.peakRssMiB ?? Number.NaN),
        0,
      ),
    ];
  }),
);
if (torch1) {
  console.log('');
  for (const name of mlxRows) {
    const speed = spreadText(
      pairRatios(of(name), (r) => r.samplesPerSecond),
      2,
    );
    const cpu = spreadText(
      pairRatios(of(name), (r) => r.loopCpuSeconds, true),
      2,
    );
    console.log(
      `${name} vs PyTorch 1 thread, pair by pair: samples/s ${speed}×; loop CPU seconds PyTorch ÷ mlx ${cpu}`,
    );
  }
}
console.log(`mlx weights sha256 identical across the ${mlxRuns.length} repeats: ${hashes.size === 1 ? 'yes' : 'NO'}`);
console.log(
  `target: ≥ 1.0× PyTorch single-thread samples/s (loop); written to ${path.relative(projectRoot, resultFile)}`,
);
