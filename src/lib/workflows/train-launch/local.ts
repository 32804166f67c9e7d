import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS, type ErrorCode, InterruptedError, MlxError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import type { TrainResult } from '../train-run.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export interface LaunchJob {
  label: string;
  root: string;
  config: import('../../config/index.js').MlxConfig;
  /** Register a version (`train.register`), and even when an identical one exists (`--force`). */
  register: boolean;
  force: boolean;
}

export interface ParallelOptions {
  /** Worker processes at once. */
  jobs: number;
  logger: Logger;
  signal?: AbortSignal;
  onJobStart?: (index: number, total: number, label: string) => void;
}

/** The worker entry: the compiled .js next to this file, or (running from sources, in tests) the .ts through tsx. */
function workerEntry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./train-worker.js', import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  return { file: fileURLToPath(new URL('./train-worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

/**
 * Trains the jobs in up to `jobs` worker processes at once (one member per process: tfjs keeps no state
 * between members, and two cores train two members for real). Results keep the jobs' order; the first
 * failure stops launching new members and is thrown once the running ones finish. Aborting the signal
 * asks every worker to stop like Ctrl-C (best model so far kept, InterruptedError).
 */
export async function trainInParallel(jobs: readonly LaunchJob[], options: ParallelOptions): Promise<TrainResult[]> {
  const entry = workerEntry();
  const results = new Array<TrainResult>(jobs.length);
  const running = new Set<ChildProcess>();
  let next = 0;
  let failure: unknown = null;
  const onAbort = () => {
    for (const child of running)
      child.send({ type: 'abort', reason: String(options.signal?.reason ?? 'aborted') } satisfies ToWorker);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  /** One worker process; `train` sends it a member and settles with that member's result. */
  const startWorker = () => {
    const child = fork(entry.file, [], { execArgv: entry.execArgv, serialization: 'advanced', stdio: 'inherit' });
    running.add(child);
    let pending: { index: number; resolve: (r: TrainResult) => void; reject: (e: unknown) => void } | null = null;
    child.on('message', (message: FromWorker) => {
      if (message.type === 'log') {
        options.logger.log(message.level, message.message, { ...message.meta, job: (pending?.index ?? 0) + 1 });
        return;
      }
      const settle = pending;
      pending = null;
      if (message.type === 'done') settle?.resolve(message.result);
      else settle?.reject(rebuild(message.error));
    });
    child.on('exit', (code, signal) => {
      running.delete(child);
      pending?.reject(new Error(`a training worker exited (${code ?? signal}) without a result`));
      pending = null;
    });
    return {
      child,
      train: (index: number, job: LaunchJob) =>
        new Promise<TrainResult>((resolve, reject) => {
          pending = { index, resolve, reject };
          child.send({
            type: 'train',
            root: job.root,
            config: job.config,
            register: job.register,
            force: job.force,
          } satisfies ToWorker);
          if (options.signal?.aborted) onAbort();
        }),
    };
  };
  // Each slot keeps its worker process for every member it trains: startup (Node, tfjs) is paid once per slot.
  const worker = async () => {
    let slot: ReturnType<typeof startWorker> | null = null;
    try {
      while (failure === null && next < jobs.length) {
        const index = next++;
        const job = jobs[index] as LaunchJob;
        options.logger.info(`sweep job ${index + 1}/${jobs.length}: ${job.label}`);
        options.onJobStart?.(index, jobs.length, job.label);
        slot ??= startWorker();
        try {
          results[index] = await slot.train(index, job);
        } catch (error) {
          failure ??= error;
        }
      }
    } finally {
      if (slot?.child.connected) slot.child.disconnect();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, jobs.length)) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== null) throw failure;
  return results;
}

/** The worker's error as the parent's: an MlxError keeps its code (and so its exit code) and hint. */
function rebuild(error: Extract<FromWorker, { type: 'failed' }>['error']): Error {
  if (error.code === 'MLX_INTERRUPTED')
    return new InterruptedError(error.message, error.hint ? { hint: error.hint } : {});
  if (error.code !== null && error.code in ERRORS)
    return new MlxError(error.code as ErrorCode, error.message, error.hint ? { hint: error.hint } : {});
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
