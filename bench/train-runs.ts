// One timed run of each side of `npm run bench -- train` (see train.bench.ts for the protocol).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { peakRssMiB, projectRoot } from './lib.js';

/** One timed run: the loop as the program timed it, and the whole process as /usr/bin/time saw it. */
export interface Run {
  implementation: string;
  repeat: number;
  /** os.loadavg() just before the run. */
  loadBefore: number[];
  trainRows: number;
  inputs: number;
  loopSeconds: number;
  loopCpuSeconds: number;
  validationSeconds: number;
  samplesPerSecond: number;
  processWallSeconds: number;
  processCpuSeconds: number;
  peakRssMiB: number | null;
  valAccuracy: number;
  weightsSha256?: string;
  torch?: string;
}

/** Where and what: the bench project directory, the CSV, the epochs. */
export interface RunContext {
  dir: string;
  csv: string;
  epochs: number;
}

function timed(dir: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: dir, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1] ?? Number.NaN);
  const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1] ?? '';
  return {
    stdout: r.stdout,
    processWallSeconds: elapsed.split(':').reduce((s, part) => s * 60 + Number(part), 0),
    processCpuSeconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
    peakRssMiB: peakRssMiB(r.stderr) ?? null,
  };
}

const forceSupport = new Map<string, boolean>();
/** Whether this mlx binary has `train --force` (checkouts from before it reuse nothing, so need none). */
function supportsForce(bin: string): boolean {
  let known = forceSupport.get(bin);
  if (known === undefined) {
    const help = spawnSync(process.execPath, [bin, 'train', '--help'], { encoding: 'utf8' });
    known = help.stdout.includes('--force');
    forceSupport.set(bin, known);
  }
  return known;
}

/** `mlx train` of the bench project with the given binary; the loop's timing from metrics.json `training`. */
export function runMlx(context: RunContext, repeat: number, bin: string, implementation: string): Run {
  const loadBefore = os.loadavg();
  // --force: every repeat trains (an identical config on the same data would otherwise reuse the first run).
  const force = supportsForce(bin) ? ['--force'] : [];
  const p = timed(context.dir, process.execPath, [
    bin,
    'train',
    '--json',
    '--quiet',
    ...force,
    '--set',
    'train.backend=wasm',
  ]);
  const result = JSON.parse(p.stdout).runs[0] as {
    runDir: string;
    rows: { train: number };
    width: number;
    weightsSha256: string;
    metrics: Record<string, number>;
  };
  const metrics = JSON.parse(readFileSync(path.join(result.runDir, 'model', 'metrics.json'), 'utf8')) as {
    training?: { loop_seconds: number; loop_cpu_seconds: number; validation_seconds: number };
  };
  const t = metrics.training;
  if (!t) throw new Error(`${bin} does not write metrics.json training.* (the loop's timing)`);
  return {
    implementation,
    repeat,
    loadBefore,
    trainRows: result.rows.train,
    inputs: result.width,
    loopSeconds: t.loop_seconds,
    loopCpuSeconds: t.loop_cpu_seconds,
    validationSeconds: t.validation_seconds,
    samplesPerSecond: (result.rows.train * context.epochs) / t.loop_seconds,
    processWallSeconds: p.processWallSeconds,
    processCpuSeconds: p.processCpuSeconds,
    peakRssMiB: p.peakRssMiB,
    valAccuracy: result.metrics.val_accuracy ?? Number.NaN,
    weightsSha256: result.weightsSha256,
  };
}

/** bench/reference/train_torch.py with `threads` threads (OpenMP and OpenBLAS pools sized too). */
export function runTorch(context: RunContext, repeat: number, threads: number): Run {
  const loadBefore = os.loadavg();
  const script = path.join(projectRoot, 'bench', 'reference', 'train_torch.py');
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const args = [script, context.csv, 'target', String(context.epochs), String(threads), '42'];
  const p = timed(context.dir, '/usr/bin/python3', args, env);
  const out = JSON.parse(p.stdout.trim().split('\n').at(-1) ?? '{}') as {
    rows: number;
    width: number;
    loop_seconds: number;
    loop_cpu_seconds: number;
    validation_seconds: number;
    samples_per_s: number;
    val_accuracy: number;
    torch: string;
  };
  return {
    implementation: `PyTorch ${out.torch} (${threads} thread${threads > 1 ? 's' : ''})`,
    repeat,
    loadBefore,
    trainRows: out.rows,
    inputs: out.width,
    loopSeconds: out.loop_seconds,
    loopCpuSeconds: out.loop_cpu_seconds,
    validationSeconds: out.validation_seconds,
    samplesPerSecond: out.samples_per_s,
    processWallSeconds: p.processWallSeconds,
    processCpuSeconds: p.processCpuSeconds,
    peakRssMiB: p.peakRssMiB,
    valAccuracy: out.val_accuracy,
    torch: out.torch,
  };
}
