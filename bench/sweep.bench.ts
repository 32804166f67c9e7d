// `npm run bench -- sweep [members] [epochs]`: wall time of one `--multirun` sweep of the penguins example
// (default 4 members: train.lr × model.hidden, 150 epochs, early stopping off, wasm backend) trained in
// order (--jobs 1) and in two worker processes (--jobs 2), interleaved, medians of 3 with min–max, and
// whether both gave the same weights (sha256 per member).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, printTable, projectRoot } from './lib.js';

// The built library (npm run build): its workers run compiled JavaScript, as `mlx train --jobs` does.
const dist = (p: string) => path.join(projectRoot, 'dist', p);
if (!existsSync(dist('lib/workflows/train-launch/train-worker.js'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
const { expandSweep, resolveConfig } = (await import(
  dist('lib/config/index.js')
)) as typeof import('../src/lib/config/index.js');
const { prepareData } = (await import(dist('lib/data/index.js'))) as typeof import('../src/lib/data/index.js');
const { silentLogger } = (await import(dist('lib/logging.js'))) as typeof import('../src/lib/logging.js');
const { overrideTexts, sweepLabels, trainJobs } = (await import(
  dist('lib/workflows/train.js')
)) as typeof import('../src/lib/workflows/train.js');

const members = Number(process.argv[2] ?? 4);
const epochs = Number(process.argv[3] ?? 150);
const rounds = 3;
const lrs = ['0.03', '0.01', '0.003', '0.001', '0.0003', '0.0001'].slice(0, Math.max(1, Math.ceil(members / 2)));
const sweep = [
  `train.epochs=${epochs}`,
  'train.early_stopping.enabled=false',
  'train.backend=wasm',
  `train.lr=${lrs.join(',')}`,
  `model.hidden=${members > 1 ? '[32],[64,32]' : '[32]'}`,
];
const logger = silentLogger();
const root = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-sweep-'));
for (const part of ['mlx.config.yaml', 'configs', 'data/raw'])
  cpSync(path.join(projectRoot, part), path.join(root, part), { recursive: true });

const expanded = expandSweep(sweep);
const labels = sweepLabels(expanded);
const jobs = [];
for (const [i, job] of expanded.entries()) {
  const { config } = await resolveConfig({ cwd: root, env: {}, overrides: overrideTexts(job) });
  jobs.push({ label: labels[i] ?? '', root, config });
}
const first = jobs[0];
if (!first) throw new Error('empty sweep');
await prepareData({ root, config: first.config, logger });

const times: Record<number, number[]> = { 1: [], 2: [] };
const weights: Record<number, string[]> = { 1: [], 2: [] };
const load: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const n of [1, 2]) {
      load.push(os.loadavg()[0] ?? 0);
      const start = performance.now();
      const result = await trainJobs(jobs, { logger, jobs: n });
      times[n]?.push(performance.now() - start);
      weights[n] = result.runs.map((r) => r.weightsSha256);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
const s = (ms: readonly number[]) =>
  `${(median(ms) / 1000).toFixed(1)} (${(Math.min(...ms) / 1000).toFixed(1)}–${(Math.max(...ms) / 1000).toFixed(1)})`;
const same = JSON.stringify(weights[1]) === JSON.stringify(weights[2]);
console.log(
  `sweep of ${jobs.length} members × ${epochs} epochs (penguins, wasm); medians of ${rounds} (min–max); load average at the starts ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${os.cpus().length} cores; same weights with --jobs 1 and 2: ${same ? 'yes' : 'NO'}`,
);
printTable(
  ['--jobs', 'wall s', 'speed-up'],
  [1, 2].map((n) => [String(n), s(times[n] ?? []), (median(times[1] ?? []) / median(times[n] ?? [])).toFixed(2)]),
);
