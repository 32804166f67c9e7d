/**
 * The per-row compute kernels of the GBDT trainer: gradient/hessian histograms, the stable
 * partition of a node's samples, gradients and losses. They run on the main thread and, with
 * `threads: 2`, in one worker thread over shared memory, each on fixed pieces of the work, so
 * results are bit-identical whatever the thread count.
 *
 * A leaf module (no relative imports): the worker (kernel-worker.ts) loads it directly, as .js
 * after the build or as .ts through Node's type stripping.
 */

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
  /** Histogram outputs of the main thread and of the worker (its half of a node's rows). */
  histMain: Float64Array;
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
  /** The WebAssembly histogram kernel, when every buffer lives in one shared WebAssembly memory. */
  wasm: WasmKernel | null;
}

/** What the loss pass reads and writes (also used alone for the validation rows). */
export type LossState = Pick<KernelState, 'rows' | 'k' | 'loss' | 'y' | 'raw' | 'weights' | 'grad' | 'hess'>;

/** The histogram kernel compiled to WebAssembly over the memory that holds every buffer. */
export interface WasmKernel {
  /** The shared memory's buffer: output histograms must be views into it. */
  buffer: SharedArrayBuffer;
  gather(part: number, from: number, to: number, src: number, dst: number): void;
  hist(
    binned: number,
    rows: number,
    part: number,
    from: number,
    to: number,
    og: number,
    oh: number,
    out: number,
    width: number,
    nb: number,
    constHess: number,
  ): void;
  partition(
    part: number,
    from: number,
    to: number,
    col: number,
    bin: number,
    missingBin: number,
    missingLeft: number,
    bits: number,
    left: number,
    right: number,
  ): number;
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
  const { binned, rows, nb, width, partition, ordGrad: og, ordHess: oh, wasm } = s;
  if (wasm && out.buffer === wasm.buffer) {
    // Same additions in the same order as below, about 1.5× faster.
    out.fill(0, 0, width * nb * HIST_STRIDE);
    wasm.gather(partition.byteOffset, from, to, s.grad.byteOffset + c * rows * 4, og.byteOffset);
    if (!constHess) wasm.gather(partition.byteOffset, from, to, s.hess.byteOffset + c * rows * 4, oh.byteOffset);
    const args = [binned.byteOffset, rows, partition.byteOffset, from, to, og.byteOffset, oh.byteOffset] as const;
    wasm.hist(...args, out.byteOffset, width, nb, constHess ? 1 : 0);
    return;
  }
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
 * tmpRight[from..], each in their order; returns the number that went left. In WebAssembly when
 * the buffers (and a categorical split's bitset) are in its memory: integer work, the same result.
 */
export function partitionRange(s: KernelState, from: number, to: number, split: KernelSplit): number {
  const { partition, binned, rows, tmpLeft, tmpRight, wasm } = s;
  const col = split.feature * rows;
  const bits = split.bitset;
  const { bin, missingBin } = split;
  const missingLeft = split.missingLeft ? 1 : 0;
  if (wasm && partition.buffer === wasm.buffer && (!bits || bits.buffer === wasm.buffer)) {
    const args = [partition.byteOffset, from, to, binned.byteOffset + col, bin, missingBin, missingLeft] as const;
    return wasm.partition(...args, bits ? bits.byteOffset : 0, tmpLeft.byteOffset, tmpRight.byteOffset);
  }
  let l = from;
  let r = from;
  // Branch-free: each index is written to both sides and only the matching side advances (the
  // direction of a sample cannot be predicted).
  for (let i = from; i < to; i++) {
    const idx = partition[i] as number;
    const b = binned[col + idx] as number;
    const left = bits
      ? ((bits[b >>> 5] as number) >>> (b & 31)) & 1
      : +(b <= bin) | (+(b === missingBin) & missingLeft);
    tmpLeft[l] = idx;
    tmpRight[r] = idx;
    l += left;
    r += 1 - left;
  }
  return l - from;
}

/**
 * Gradients and hessians of the current raw scores for rows [r0, r1), with the formulas of
 * scikit-learn's HalfSquaredError / HalfBinomialLoss / HalfMultinomialLoss (times the row weight).
 */
export function computeGradients(s: LossState, r0: number, r1: number): void {
  const { y, raw, grad, hess, weights, rows, k } = s;
  const weighted = weights.length > 0;
  if (s.loss === LossKind.squared) {
    for (let i = r0; i < r1; i++) {
      const d = (raw[i] as number) - (y[i] as number);
      if (weighted) {
        const w = weights[i] as number;
        grad[i] = w * d;
        hess[i] = w;
      } else grad[i] = d;
    }
  } else if (s.loss === LossKind.binomial) {
    for (let i = r0; i < r1; i++) {
      const r = raw[i] as number;
      const t = y[i] as number;
      const w = weighted ? (weights[i] as number) : 1;
      if (r <= -37) {
        // exp(-r) would overflow; here expit(r) = exp(r) to double precision.
        const p = Math.exp(r);
        grad[i] = w * (p - t);
        hess[i] = w * p;
      } else {
        const e = Math.exp(-r);
        const q = 1 / (1 + e);
        grad[i] = w * ((1 - t - t * e) * q);
        hess[i] = w * (e * q * q);
      }
    }
  } else {
    const e = new Float64Array(k);
    for (let i = r0; i < r1; i++) {
      let max = raw[i] as number;
      for (let c = 1; c < k; c++) max = Math.max(max, raw[c * rows + i] as number);
      let total = 0;
      for (let c = 0; c < k; c++) {
        e[c] = Math.exp((raw[c * rows + i] as number) - max);
        total += e[c] as number;
      }
      const t = y[i] as number;
      const w = weighted ? (weights[i] as number) : 1;
      for (let c = 0; c < k; c++) {
        const p = (e[c] as number) / total;
        grad[c * rows + i] = w * (p - (c === t ? 1 : 0));
        hess[c * rows + i] = w * (p * (1 - p));
      }
    }
  }
}

/** The (weighted) sum of per-row losses over rows [r0, r1): half squared error or log-loss. */
export function lossSum(s: LossState, r0: number, r1: number): number {
  const { y, raw, weights, rows, k } = s;
  const weighted = weights.length > 0;
  let sum = 0;
  for (let i = r0; i < r1; i++) {
    const t = y[i] as number;
    let loss: number;
    if (s.loss === LossKind.squared) {
      const d = (raw[i] as number) - t;
      loss = 0.5 * d * d;
    } else if (s.loss === LossKind.binomial) {
      // log(1 + exp(r)) - t r, stable on both sides.
      const r = raw[i] as number;
      loss = (r <= -37 ? Math.exp(r) : r <= 0 ? Math.log1p(Math.exp(r)) : r + Math.log1p(Math.exp(-r))) - t * r;
    } else {
      let max = raw[i] as number;
      for (let c = 1; c < k; c++) max = Math.max(max, raw[c * rows + i] as number);
      let total = 0;
      for (let c = 0; c < k; c++) total += Math.exp((raw[c * rows + i] as number) - max);
      loss = Math.log(total) + max - (raw[t * rows + i] as number);
    }
    sum += weighted ? (weights[i] as number) * loss : loss;
  }
  return sum;
}

/**
 * Control words of the main ⇄ worker protocol (an Int32Array): the command, its arguments, and
 * `claim` — the sequence number of the last command someone took. The worker takes a command by
 * moving `claim` from seq - 1 to seq; when it is late, the main thread takes it instead (the same
 * computation, so the result does not depend on who did it).
 */
export const Ctl = { seq: 0, done: 1, cmd: 2, failed: 3, result: 4, claim: 5, args: 8, bitset: 16 } as const;
export const CONTROL_WORDS = 32;
export const Cmd = { histograms: 1, gradients: 2, loss: 3, partition: 4, stop: 9 } as const;

/** Runs the posted command's share of the work (the second half of the rows) on either thread. */
export function runCommand(s: KernelState, ctl: Int32Array): void {
  const a = (i: number) => ctl[Ctl.args + i] as number;
  switch (ctl[Ctl.cmd]) {
    case Cmd.histograms:
      buildHistograms(s, s.scratch, a(0), a(1), a(2), a(3) === 1);
      return;
    case Cmd.partition: {
      const bitset = a(4) === 1 ? new Uint32Array(ctl.buffer, ctl.byteOffset + Ctl.bitset * 4, 8) : null;
      const split = { feature: a(2), bin: a(3), missingLeft: a(5) === 1, bitset, missingBin: a(6) };
      ctl[Ctl.result] = partitionRange(s, a(0), a(1), split);
      return;
    }
    case Cmd.gradients:
      computeGradients(s, a(0), a(1));
      return;
    case Cmd.loss:
      s.lossParts[1] = lossSum(s, a(0), a(1));
      return;
    default:
      throw new Error(`unknown GBDT kernel command ${ctl[Ctl.cmd]}`);
  }
}
