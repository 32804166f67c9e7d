import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BugError } from '../../../errors.js';
import {
  buildHistograms,
  Cmd,
  CONTROL_WORDS,
  Ctl,
  HIST_STRIDE,
  type KernelSplit,
  type KernelState,
  kernelState,
  type LossKind,
  lossAndGradients,
  partitionRange,
  type SharedBuffers,
} from './kernels.js';

/** Nodes with fewer samples are done in one piece by the main thread (a hand-off costs more). */
const PARALLEL_MIN_ROWS = 16_384;
/** Below this many cells (rows × features) a second thread costs more than it saves. */
const AUTO_THREADS_MIN_CELLS = 2_000_000;
const WORKER_START_TIMEOUT_MS = 20_000;
/** A worker that answers nothing for this long is taken for dead. */
const WORKER_STALL_MS = 120_000;

export interface PoolShape {
  rows: number;
  width: number;
  nb: number;
  k: number;
  loss: LossKind;
  weighted: boolean;
}

/** Threads to use for a fit: 'auto' = 2 when the data is large and 2 cores are available. */
export function chooseThreads(threads: 'auto' | 1 | 2, rows: number, width: number): 1 | 2 {
  if (threads !== 'auto') return threads;
  return rows * width >= AUTO_THREADS_MIN_CELLS && availableParallelism() >= 2 ? 2 : 1;
}

function sharedBuffers(shape: PoolShape): SharedBuffers {
  const { rows, width, nb, k } = shape;
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  return {
    rows,
    width,
    nb,
    k,
    loss: shape.loss,
    buffers: {
      binned: sab(rows * width),
      partition: sab(rows * 4),
      grad: sab(k * rows * 4),
      hess: sab(k * rows * 4),
      ordGrad: sab(rows * 4),
      ordHess: sab(rows * 4),
      scratch: sab(width * nb * HIST_STRIDE * 8),
      tmpLeft: sab(rows * 4),
      tmpRight: sab(rows * 4),
      y: sab(rows * 8),
      raw: sab(k * rows * 8),
      weights: shape.weighted ? sab(rows * 8) : new SharedArrayBuffer(0),
      lossParts: sab(2 * 8),
      control: sab(CONTROL_WORDS * 4),
    },
  };
}

/**
 * The shared buffers of one fit and the threads that work on them: histograms split by feature,
 * the loss/gradient pass split into two fixed row blocks (so sums do not depend on the threads).
 */
export class KernelPool {
  readonly state: KernelState;
  readonly threads: 1 | 2;
  private readonly ctl: Int32Array;
  private seq = 0;

  private readonly worker: Worker | null;

  private constructor(shared: SharedBuffers, worker: Worker | null) {
    this.worker = worker;
    this.state = kernelState(shared);
    this.ctl = new Int32Array(shared.buffers.control);
    this.threads = worker ? 2 : 1;
  }

  /** Allocates the shared buffers and, for 2 threads, starts the worker (falls back to 1 thread if it cannot start). */
  static async create(shape: PoolShape, threads: 1 | 2): Promise<KernelPool> {
    const shared = sharedBuffers(shape);
    if (threads === 1 || shape.rows === 0) return new KernelPool(shared, null);
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const worker = new Worker(new URL(`./kernels.${ext}`, import.meta.url), {
      workerData: { mlxGbdtKernels: shared },
    });
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), WORKER_START_TIMEOUT_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    if (!ready) {
      await worker.terminate();
      return new KernelPool(shared, null);
    }
    return new KernelPool(shared, worker);
  }

  /** Sends a command to the worker (it starts at once). */
  private post(cmd: number, args: readonly number[]): void {
    const ctl = this.ctl;
    args.forEach((v, i) => {
      ctl[Ctl.args + i] = v;
    });
    Atomics.store(ctl, Ctl.cmd, cmd);
    this.seq += 1;
    Atomics.store(ctl, Ctl.seq, this.seq);
    Atomics.notify(ctl, Ctl.seq);
  }

  /** Blocks until the worker finished the last command. */
  private join(): void {
    const ctl = this.ctl;
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(ctl, Ctl.done);
      if (done === this.seq) break;
      Atomics.wait(ctl, Ctl.done, done, 1000);
      if (Date.now() - started > WORKER_STALL_MS) throw new BugError('The GBDT histogram worker stopped answering.');
    }
    if (Atomics.load(ctl, Ctl.failed) !== 0) throw new BugError('The GBDT histogram worker failed.');
  }

  /**
   * Histograms of the samples at partition positions [from, to) into `out`. A large node is done
   * in two halves (the second by the worker, or after the first without one) and summed: the
   * arithmetic depends on the node size only, never on the thread count.
   */
  histograms(out: Float64Array, from: number, to: number, column: number, constHess: boolean): void {
    const s = this.state;
    if (to - from < PARALLEL_MIN_ROWS) {
      buildHistograms(s, out, from, to, column, constHess);
      return;
    }
    const half = from + Math.floor((to - from) / 2);
    if (this.worker) {
      this.post(Cmd.histograms, [half, to, column, constHess ? 1 : 0]);
      buildHistograms(s, out, from, half, column, constHess);
      this.join();
    } else {
      buildHistograms(s, out, from, half, column, constHess);
      buildHistograms(s, s.scratch, half, to, column, constHess);
    }
    const scratch = s.scratch;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (scratch[i] as number);
  }

  /** Stable partition of positions [from, to) by `split` (left samples first); returns where the right ones start. */
  partition(from: number, to: number, split: KernelSplit): number {
    const s = this.state;
    const ranges: [number, number, number][] = [];
    if (this.worker && to - from >= PARALLEL_MIN_ROWS) {
      const half = from + Math.floor((to - from) / 2);
      if (split.bitset) this.ctl.set(split.bitset, Ctl.bitset);
      const cat = split.bitset ? 1 : 0;
      this.post(Cmd.partition, [half, to, split.feature, split.bin, cat, split.missingLeft ? 1 : 0, split.missingBin]);
      ranges.push([from, half, partitionRange(s, from, half, split)]);
      this.join();
      ranges.push([half, to, this.ctl[Ctl.result] as number]);
    } else {
      ranges.push([from, to, partitionRange(s, from, to, split)]);
    }
    // Left samples of each range in order, then the right ones: the same order as one sequential pass.
    let at = from;
    for (const [a, , left] of ranges) {
      s.partition.set(s.tmpLeft.subarray(a, a + left), at);
      at += left;
    }
    const mid = at;
    for (const [a, b, left] of ranges) {
      s.partition.set(s.tmpRight.subarray(a, a + (b - a - left)), at);
      at += b - a - left;
    }
    return mid;
  }

  /** Loss sum over all training rows of the current raw scores; with `withGrad`, also fills grad/hess. */
  lossAndGradients(withGrad: boolean): number {
    const rows = this.state.rows;
    const half = Math.floor(rows / 2);
    if (!this.worker) {
      const a = lossAndGradients(this.state, 0, half, withGrad);
      return a + lossAndGradients(this.state, half, rows, withGrad);
    }
    this.post(withGrad ? Cmd.gradients : Cmd.loss, [half, rows]);
    const a = lossAndGradients(this.state, 0, half, withGrad);
    this.join();
    return a + (this.state.lossParts[1] as number);
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    if (!this.worker) return;
    const exited = new Promise<void>((resolve) => this.worker?.once('exit', () => resolve()));
    this.post(Cmd.stop, []);
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.worker.terminate();
  }
}
