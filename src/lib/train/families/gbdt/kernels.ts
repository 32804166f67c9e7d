/**
 * The per-row compute kernels of the GBDT trainer: gradient/hessian histograms and the fused
 * loss + gradient pass. They run on the main thread and, with `threads: 2`, in one worker thread
 * over shared memory: each feature's histogram and each fixed row block is always computed by one
 * thread in the same order, so results are bit-identical whatever the thread count.
 *
 * This file is also the worker's entry point, so it imports nothing but node:worker_threads (a
 * worker loads it directly, as .js after the build or as .ts through Node's type stripping).
 */
import { parentPort, workerData as startData } from 'node:worker_threads';

/** Values per histogram bin: sum of gradients, sum of hessians, count. */
export const HIST_STRIDE = 3;

export const LossKind = { squared: 0, binomial: 1, multinomial: 2 } as const;
export type LossKind = (typeof LossKind)[keyof typeof LossKind];

/** Typed views over the shared buffers both threads work on. */
export interface KernelState {
  rows: number;
  width: number;
  /** Histogram bins per feature (max_bins + 1: the last is for missing values). */
  nb: number;
  /** Trees per iteration (columns of raw scores, gradients and hessians). */
  k: number;
  loss: LossKind;
  /** Column-major binned features: feature f at f × rows. */
  binned: Uint8Array;
  /** Sample indices, grouped by tree node. */
  partition: Uint32Array;
  /** Class-major k × rows (tree column c at c × rows). */
  grad: Float32Array;
  hess: Float32Array;
  /** Gradients/hessians of the samples of the node being built, in partition order. */
  ordGrad: Float32Array;
  ordHess: Float32Array;
  /** Histograms computed by the worker (its half of the rows). */
  scratch: Float64Array;
  /** Partition output buffers (left / right samples of each half). */
  tmpLeft: Uint32Array;
  tmpRight: Uint32Array;
  y: Float64Array;
  /** Class-major k × rows raw scores. */
  raw: Float64Array;
  /** Per-row weights; empty = unit weights (then squared error has constant hessians). */
  weights: Float64Array;
  /** Partial loss sums, one per row block. */
  lossParts: Float64Array;
}

/** What the loss pass reads and writes (also used alone for the validation rows). */
export type LossState = Pick<KernelState, 'rows' | 'k' | 'loss' | 'y' | 'raw' | 'weights' | 'grad' | 'hess'>;

/** Buffers shared with the worker; the views of {@link KernelState} are rebuilt on its side. */
export interface SharedBuffers {
  rows: number;
  width: number;
  nb: number;
  k: number;
  loss: LossKind;
  buffers: Record<
    | 'binned'
    | 'partition'
    | 'grad'
    | 'hess'
    | 'ordGrad'
    | 'ordHess'
    | 'scratch'
    | 'tmpLeft'
    | 'tmpRight'
    | 'y'
    | 'raw'
    | 'weights'
    | 'lossParts'
    | 'control',
    SharedArrayBuffer
  >;
}

/** Views over shared buffers. */
export function kernelState(s: SharedBuffers): KernelState {
  const b = s.buffers;
  return {
    rows: s.rows,
    width: s.width,
    nb: s.nb,
    k: s.k,
    loss: s.loss,
    binned: new Uint8Array(b.binned),
    partition: new Uint32Array(b.partition),
    grad: new Float32Array(b.grad),
    hess: new Float32Array(b.hess),
    ordGrad: new Float32Array(b.ordGrad),
    ordHess: new Float32Array(b.ordHess),
    scratch: new Float64Array(b.scratch),
    tmpLeft: new Uint32Array(b.tmpLeft),
    tmpRight: new Uint32Array(b.tmpRight),
    y: new Float64Array(b.y),
    raw: new Float64Array(b.raw),
    weights: new Float64Array(b.weights),
    lossParts: new Float64Array(b.lossParts),
  };
}

/**
 * Histograms of the samples at partition positions [from, to) into `out` (layout:
 * (f × nb + bin) × 3 + {0: grad, 1: hess, 2: count}). First gathers their gradients (and
 * hessians) of tree column `c` in partition order, then walks four feature columns at a time
 * (independent updates overlap in the CPU).
 */
export function buildHistograms(
  s: KernelState,
  out: Float64Array,
  from: number,
  to: number,
  c: number,
  constHess: boolean,
): void {
  const { binned, rows, nb, width, partition, ordGrad: og, ordHess: oh } = s;
  const go = c * rows;
  for (let i = from; i < to; i++) og[i] = s.grad[go + (partition[i] as number)] as number;
  if (!constHess) for (let i = from; i < to; i++) oh[i] = s.hess[go + (partition[i] as number)] as number;
  out.fill(0, 0, width * nb * HIST_STRIDE);
  const ns = nb * HIST_STRIDE;
  let f = 0;
  for (; f + 4 <= width; f += 4) {
    const c0 = f * rows;
    const c1 = c0 + rows;
    const c2 = c1 + rows;
    const c3 = c2 + rows;
    const b0 = f * ns;
    const b1 = b0 + ns;
    const b2 = b1 + ns;
    const b3 = b2 + ns;
    for (let i = from; i < to; i++) {
      const p = partition[i] as number;
      const g = og[i] as number;
      const h = constHess ? 0 : (oh[i] as number);
      let j = b0 + (binned[c0 + p] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = b1 + (binned[c1 + p] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = b2 + (binned[c2 + p] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
      j = b3 + (binned[c3 + p] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + g;
      out[j + 1] = (out[j + 1] as number) + h;
      out[j + 2] = (out[j + 2] as number) + 1;
    }
  }
  for (; f < width; f++) {
    const c0 = f * rows;
    const b0 = f * ns;
    for (let i = from; i < to; i++) {
      const j = b0 + (binned[c0 + (partition[i] as number)] as number) * HIST_STRIDE;
      out[j] = (out[j] as number) + (og[i] as number);
      out[j + 1] = (out[j + 1] as number) + (constHess ? 0 : (oh[i] as number));
      out[j + 2] = (out[j + 2] as number) + 1;
    }
  }
}

/** A split as the partition kernel applies it. */
export interface KernelSplit {
  feature: number;
  /** Numeric: bins <= bin go left. */
  bin: number;
  missingLeft: boolean;
  /** Categorical: bitset of the bins that go left (then `bin` is unused). */
  bitset: Uint32Array | null;
  missingBin: number;
}

/**
 * Stable partition of positions [from, to): left samples to tmpLeft[from..], right ones to
 * tmpRight[from..], each in their order; returns the number that went left.
 */
export function partitionRange(s: KernelState, from: number, to: number, split: KernelSplit): number {
  const { partition, binned, rows, tmpLeft, tmpRight } = s;
  const col = split.feature * rows;
  const bits = split.bitset;
  const { bin, missingBin } = split;
  const missingLeft = split.missingLeft;
  let l = from;
  let r = from;
  for (let i = from; i < to; i++) {
    const idx = partition[i] as number;
    const b = binned[col + idx] as number;
    const goLeft = bits
      ? (((bits[b >>> 5] as number) >>> (b & 31)) & 1) === 1
      : b <= bin || (missingLeft && b === missingBin);
    if (goLeft) tmpLeft[l++] = idx;
    else tmpRight[r++] = idx;
  }
  return l - from;
}

/**
 * For rows [r0, r1): writes gradients/hessians of the current raw scores (unless `withGrad` is
 * false) and returns the (weighted) sum of the per-row losses — half squared error, or the log-loss
 * of scikit-learn's HalfBinomialLoss / HalfMultinomialLoss with the same formulas.
 */
export function lossAndGradients(s: LossState, r0: number, r1: number, withGrad: boolean): number {
  const { y, raw, grad, hess, weights, rows, k } = s;
  const weighted = weights.length > 0;
  let sum = 0;
  if (s.loss === LossKind.squared) {
    for (let i = r0; i < r1; i++) {
      const d = (raw[i] as number) - (y[i] as number);
      const w = weighted ? (weights[i] as number) : 1;
      sum += w * (0.5 * d * d);
      if (!withGrad) continue;
      if (weighted) {
        grad[i] = w * d;
        hess[i] = w;
      } else grad[i] = d;
    }
  } else if (s.loss === LossKind.binomial) {
    for (let i = r0; i < r1; i++) {
      const r = raw[i] as number;
      const t = y[i] as number;
      const w = weighted ? (weights[i] as number) : 1;
      let loss: number;
      let g: number;
      let h: number;
      if (r <= -37) {
        // exp(-r) would overflow; here expit(r) = exp(r) to double precision.
        const p = Math.exp(r);
        loss = p - t * r;
        g = p - t;
        h = p;
      } else {
        const e = Math.exp(-r);
        // log(1 + exp(r)) - t r = log(1 + e) + (1 - t) r: one log (the loss is only monitored).
        loss = Math.log(1 + e) + (1 - t) * r;
        g = (1 - t - t * e) / (1 + e);
        h = e / ((1 + e) * (1 + e));
      }
      sum += w * loss;
      if (withGrad) {
        grad[i] = w * g;
        hess[i] = w * h;
      }
    }
  } else {
    for (let i = r0; i < r1; i++) {
      let max = raw[i] as number;
      for (let c = 1; c < k; c++) max = Math.max(max, raw[c * rows + i] as number);
      let total = 0;
      for (let c = 0; c < k; c++) total += Math.exp((raw[c * rows + i] as number) - max);
      const t = y[i] as number;
      const w = weighted ? (weights[i] as number) : 1;
      sum += w * (Math.log(total) + max - (raw[t * rows + i] as number));
      if (!withGrad) continue;
      for (let c = 0; c < k; c++) {
        const p = Math.exp((raw[c * rows + i] as number) - max) / total;
        grad[c * rows + i] = w * (p - (c === t ? 1 : 0));
        hess[c * rows + i] = w * (p * (1 - p));
      }
    }
  }
  return sum;
}

/** Control words of the main ⇄ worker protocol (an Int32Array over `buffers.control`). */
export const Ctl = { seq: 0, done: 1, cmd: 2, failed: 3, result: 4, args: 8, bitset: 16 } as const;
export const CONTROL_WORDS = 32;
export const Cmd = { histograms: 1, gradients: 2, loss: 3, partition: 4, stop: 9 } as const;

/** The worker loop: wait for a command, run it on the shared buffers, signal done. */
function serve(shared: SharedBuffers): void {
  const s = kernelState(shared);
  const ctl = new Int32Array(shared.buffers.control);
  let seen = 0;
  parentPort?.postMessage('ready');
  for (;;) {
    Atomics.wait(ctl, Ctl.seq, seen);
    seen = Atomics.load(ctl, Ctl.seq);
    const cmd = Atomics.load(ctl, Ctl.cmd);
    if (cmd === Cmd.stop) return;
    try {
      const a = (i: number) => ctl[Ctl.args + i] as number;
      if (cmd === Cmd.histograms) buildHistograms(s, s.scratch, a(0), a(1), a(2), a(3) === 1);
      else if (cmd === Cmd.partition) {
        const bitset = a(4) === 1 ? new Uint32Array(ctl.buffer, Ctl.bitset * 4, 8) : null;
        const split = { feature: a(2), bin: a(3), missingLeft: a(5) === 1, bitset, missingBin: a(6) };
        ctl[Ctl.result] = partitionRange(s, a(0), a(1), split);
      } else s.lossParts[1] = lossAndGradients(s, a(0), a(1), cmd === Cmd.gradients);
    } catch {
      Atomics.store(ctl, Ctl.failed, 1);
    }
    Atomics.store(ctl, Ctl.done, seen);
    Atomics.notify(ctl, Ctl.done);
  }
}

const start = startData as { mlxGbdtKernels?: SharedBuffers } | null;
if (start?.mlxGbdtKernels) serve(start.mlxGbdtKernels);
