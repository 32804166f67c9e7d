import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BugError } from '../../../errors.js';
import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm.js';
import { allocateBuffers, type BufferShape, controlWords, kernelState, type SharedBuffers } from './kernel-state.js';
import {
  buildHistograms,
  Cmd,
  CONTROL_WORDS,
  Ctl,
  computeGradients,
  type KernelSplit,
  type KernelState,
  lossSum,
  partitionRange,
  runCommand,
} from './kernels.js';

/** Nodes with fewer samples are done in one piece by the main thread (a hand-off costs more). */
const PARALLEL_MIN_ROWS = 16_384;
/** Below this many cells (rows × features) a second thread costs more than it saves. */
const AUTO_THREADS_MIN_CELLS = 2_000_000;
const WORKER_START_TIMEOUT_MS = 20_000;
/** A worker that answers nothing for this long is taken for dead. */
const WORKER_STALL_MS = 120_000;

export type PoolShape = Omit<BufferShape, 'controlWords'>;

/** Threads to use for a fit: 'auto' = 2 when the data is large and 2 cores are available. */
export function chooseThreads(threads: 'auto' | 1 | 2, rows: number, width: number): 1 | 2 {
  if (threads !== 'auto') return threads;
  return rows * width >= AUTO_THREADS_MIN_CELLS && availableParallelism() >= 2 ? 2 : 1;
}

/**
 * The shared buffers of one fit and the threads that work on them. Large nodes, the gradient pass
 * and the loss are split into two fixed halves of rows (the second for the worker); the halves are
 * the same with one thread, so sums never depend on the thread count.
 */
export class KernelPool {
  readonly state: KernelState;
  readonly threads: 1 | 2;
  private readonly ctl: Int32Array;
  /** The control words' bitset slots as bits: where a categorical split's bitset is put for both threads. */
  private readonly bits: Uint32Array;
  private seq = 0;

  private readonly worker: Worker | null;

  private constructor(shared: SharedBuffers, worker: Worker | null) {
    this.worker = worker;
    this.state = kernelState(shared);
    this.ctl = controlWords(shared);
    this.bits = new Uint32Array(this.ctl.buffer, this.ctl.byteOffset + Ctl.bitset * 4, 8);
    this.threads = worker ? 2 : 1;
  }

  /** Allocates the shared buffers and, for 2 threads, starts the worker (falls back to 1 thread if it cannot start). */
  static async create(shape: PoolShape, threads: 1 | 2): Promise<KernelPool> {
    const shared = allocateBuffers(
      { ...shape, controlWords: CONTROL_WORDS },
      Buffer.from(HISTOGRAM_WASM_BASE64, 'base64'),
    );
    if (threads === 1 || shape.rows === 0) return new KernelPool(shared, null);
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const worker = new Worker(new URL(`./kernel-worker.${ext}`, import.meta.url), {
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

  /** Which histogram kernel runs: WebAssembly, or JavaScript when the buffers could not live in wasm memory. */
  get kernel(): 'wasm' | 'js' {
    return this.state.wasm ? 'wasm' : 'js';
  }

  /**
   * Runs a command split in two: posts the second half for the worker, does `firstHalf` here,
   * then takes the second half too when the worker has not started it (a late worker, e.g. on a
   * busy machine, costs nothing), else waits for it.
   */
  private split(cmd: number, args: readonly number[], firstHalf: () => void): void {
    const ctl = this.ctl;
    args.forEach((v, i) => {
      ctl[Ctl.args + i] = v;
    });
    Atomics.store(ctl, Ctl.cmd, cmd);
    const seq = ++this.seq;
    Atomics.store(ctl, Ctl.seq, seq);
    Atomics.notify(ctl, Ctl.seq);
    firstHalf();
    if (Atomics.compareExchange(ctl, Ctl.claim, seq - 1, seq) === seq - 1) runCommand(this.state, ctl);
    else this.join(seq);
  }

  /** Blocks until the worker finished command `seq`. */
  private join(seq: number): void {
    const ctl = this.ctl;
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(ctl, Ctl.done);
      if (done === seq) break;
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
    const main = s.histMain;
    if (to - from < PARALLEL_MIN_ROWS) {
      buildHistograms(s, main, from, to, column, constHess);
      out.set(main);
      return;
    }
    const half = from + Math.floor((to - from) / 2);
    if (this.worker) {
      this.split(Cmd.histograms, [half, to, column, constHess ? 1 : 0], () =>
        buildHistograms(s, main, from, half, column, constHess),
      );
    } else {
      buildHistograms(s, main, from, half, column, constHess);
      buildHistograms(s, s.scratch, half, to, column, constHess);
    }
    const scratch = s.scratch;
    for (let i = 0; i < out.length; i++) out[i] = (main[i] as number) + (scratch[i] as number);
  }

  /** Stable partition of positions [from, to) by `split` (left samples first); returns where the right ones start. */
  partition(from: number, to: number, given: KernelSplit): number {
    const s = this.state;
    const ranges: [number, number, number][] = [];
    // The worker reads a categorical bitset from the control words, and there it is in the kernels' memory.
    if (given.bitset) this.bits.set(given.bitset);
    const split = given.bitset ? { ...given, bitset: this.bits } : given;
    if (this.worker && to - from >= PARALLEL_MIN_ROWS) {
      const half = from + Math.floor((to - from) / 2);
      const cat = split.bitset ? 1 : 0;
      const args = [half, to, split.feature, split.bin, cat, split.missingLeft ? 1 : 0, split.missingBin];
      this.split(Cmd.partition, args, () => ranges.push([from, half, partitionRange(s, from, half, split)]));
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

  /** Gradients and hessians of every training row for the current raw scores (rows split in two halves). */
  gradients(): void {
    const rows = this.state.rows;
    const half = Math.floor(rows / 2);
    if (this.worker && rows >= PARALLEL_MIN_ROWS) {
      this.split(Cmd.gradients, [half, rows], () => computeGradients(this.state, 0, half));
    } else computeGradients(this.state, 0, rows);
  }

  /** Loss sum over every training row: two fixed halves, added (the same sum with 1 or 2 threads). */
  lossSum(): number {
    const rows = this.state.rows;
    const half = Math.floor(rows / 2);
    if (!this.worker) return lossSum(this.state, 0, half) + lossSum(this.state, half, rows);
    let a = 0;
    this.split(Cmd.loss, [half, rows], () => {
      a = lossSum(this.state, 0, half);
    });
    return a + (this.state.lossParts[1] as number);
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    if (!this.worker) return;
    const exited = new Promise<void>((resolve) => this.worker?.once('exit', () => resolve()));
    Atomics.store(this.ctl, Ctl.cmd, Cmd.stop);
    Atomics.store(this.ctl, Ctl.seq, ++this.seq);
    Atomics.notify(this.ctl, Ctl.seq);
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.worker.terminate();
  }
}
