import { performance } from 'node:perf_hooks';
import type { KernelPool } from './kernel-pool.js';
import { type LossKind, type LossState, lossSum } from './kernels.js';
import type { GbdtData } from './types.js';

/** Without early stopping on it, the training loss is reported on this many evenly spaced rows. */
export const TRAIN_LOSS_SAMPLE = 10_000;

export interface ValSplit {
  data: GbdtData;
  /** Row-major binned rows. */
  binned: Uint8Array;
  /** Raw scores (class-major) of the trees so far. */
  loss: LossState;
}

export interface LossMonitor {
  /** Mean training loss of the current raw scores. */
  train(): number;
  /** Mean validation loss, or undefined without a validation split. */
  val(): number | undefined;
}

function sumOf(weights: Float64Array | null | undefined, rows: number): number {
  if (!weights) return rows;
  let total = 0;
  for (let i = 0; i < rows; i++) total += weights[i] as number;
  return total;
}

/** The validation split's loss state, its raw scores at the baseline. */
export function valSplit(val: GbdtData, binned: Uint8Array, kind: LossKind, baseline: Float64Array): ValSplit {
  const k = baseline.length;
  const raw = new Float64Array(k * val.rows);
  for (let c = 0; c < k; c++) raw.fill(baseline[c] as number, c * val.rows, (c + 1) * val.rows);
  const weights = val.weights ?? new Float64Array(0);
  const empty = new Float32Array(0);
  return {
    data: val,
    binned,
    loss: { rows: val.rows, k, loss: kind, y: val.y, raw, weights, grad: empty, hess: empty },
  };
}

/**
 * Loss monitoring: the training loss over every row when `full` (early stopping follows it, as
 * scikit-learn does) or when there are few rows, else over a fixed sample of
 * {@link TRAIN_LOSS_SAMPLE} rows (a learning curve for a fraction of a pass).
 */
export function lossMonitor(
  pool: KernelPool,
  data: GbdtData,
  val: ValSplit | null,
  full: boolean,
  timings: { loss: number },
): LossMonitor {
  const s = pool.state;
  const { rows, k } = s;
  const timed = (f: () => number) => {
    const t = performance.now();
    const value = f();
    timings.loss += performance.now() - t;
    return value;
  };
  const valSum = val ? sumOf(val.data.weights, val.data.rows) : 0;
  const valLoss = () => (val ? timed(() => lossSum(val.loss, 0, val.data.rows) / valSum) : undefined);
  if (full || rows <= TRAIN_LOSS_SAMPLE) {
    const total = sumOf(data.weights, rows);
    return { train: () => timed(() => pool.lossSum() / total), val: valLoss };
  }
  const m = TRAIN_LOSS_SAMPLE;
  const index = Uint32Array.from({ length: m }, (_, j) => Math.floor((j * rows) / m));
  const sample: LossState = {
    rows: m,
    k,
    loss: s.loss,
    y: Float64Array.from(index, (i) => data.y[i] as number),
    raw: new Float64Array(k * m),
    weights: data.weights ? Float64Array.from(index, (i) => data.weights?.[i] as number) : new Float64Array(0),
    grad: new Float32Array(0),
    hess: new Float32Array(0),
  };
  const total = sumOf(data.weights ? sample.weights : null, m);
  const train = () =>
    timed(() => {
      for (let c = 0; c < k; c++)
        for (let j = 0; j < m; j++) sample.raw[c * m + j] = s.raw[c * rows + (index[j] as number)] as number;
      return lossSum(sample, 0, m) / total;
    });
  return { train, val: valLoss };
}
