import { availableParallelism } from 'node:os';
import { InputError } from '../../../errors.js';
import { CATEGORICAL, type CompiledForest, compiledForest, forestOf } from './compile.js';
import type { GbdtModel } from './format.js';
import { disposeWasmPredictor, wasmPredictor } from './wasm-forest.js';

/** Batches from this many rows share their rows with a second thread (below, starting it costs more). */
export const PARALLEL_MIN_ROWS = 50_000;

/** Prediction threads: `auto` = 2 for large batches when 2 cores are available, 1 = one thread, 2 = two. */
export type PredictThreads = 'auto' | 1 | 2;

/** One step from internal node `n` (a leaf stays where it is); numeric splits are branch-free. */
function step(f: CompiledForest, n: number, v: number): number {
  const fl = f.flags[n] as number;
  if ((fl & CATEGORICAL) === 0) {
    return (f.child[n] as number) + (+(v > (f.threshold[n] as number)) | (+Number.isNaN(v) & fl));
  }
  // A code is an integer 0..count-1; anything else (NaN, unknown) takes the last entry.
  const count = f.catCount[n] as number;
  const index = v >>> 0 === v && v < count ? v : count;
  return (f.child[n] as number) + (f.catRight[(f.catOffset[n] as number) + index] as number);
}

export interface PredictRawOptions {
  /** Use only the first N boosting iterations (staged prediction); default: all. */
  iterations?: number;
  /**
   * 'auto' walks the trees in WebAssembly where available; 'js' forces the JavaScript loop
   * (the same scores to the bit; for tests and runtimes without WebAssembly).
   */
  kernel?: 'auto' | 'js';
  /**
   * Threads for batches of {@link PARALLEL_MIN_ROWS} rows or more (smaller ones always take one):
   * `auto` (default) = 2 when the machine has 2 cores, 1, or 2. Scores are the same either way.
   */
  threads?: PredictThreads;
}

/** Whether a batch of `rows` rows is shared with a second thread. */
export function predictsInParallel(rows: number, threads: PredictThreads = 'auto'): boolean {
  if (rows < PARALLEL_MIN_ROWS || threads === 1) return false;
  return threads === 2 || availableParallelism() >= 2;
}

/** Stops the prediction worker of a model, if one was started (the model stays usable). */
export function disposePrediction(model: GbdtModel): void {
  const forest = compiledForest(model);
  if (forest) disposeWasmPredictor(forest);
}

/**
 * Raw scores (before the sigmoid/softmax), row-major rows × treesPerIteration. `x` is row-major
 * rows × width in the order of `model.features`; NaN is a missing value, categorical columns hold
 * category codes (an unknown code is treated as missing).
 */
export function predictRaw(
  model: GbdtModel,
  x: Float64Array | Float32Array,
  rows: number,
  width: number,
  options: PredictRawOptions = {},
): Float64Array {
  if (width !== model.features.length || x.length < rows * width) {
    throw new InputError(
      'MLX_DATA_SCHEMA',
      `The GBDT model expects ${model.features.length} feature columns (${model.features.map((f) => f.name).join(', ')}), got ${width} columns for ${rows} rows.`,
    );
  }
  const f = forestOf(model);
  const k = model.treesPerIteration;
  const trees = Math.min(model.trees.length, Math.max(0, options.iterations ?? model.iterations) * k);
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[r * k + c] = model.baseline[c] as number;
  const wasm = options.kernel === 'js' ? null : wasmPredictor(f, width, k);
  if (wasm) {
    wasm.run(x, rows, trees, out, predictsInParallel(rows, options.threads) ? 'shared' : 'main');
    return out;
  }
  const { roots, feature, isLeaf, value } = f;
  let r = 0;
  // Four rows at a time: their walks are independent, so the CPU overlaps them.
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * width;
    const b1 = b0 + width;
    const b2 = b1 + width;
    const b3 = b2 + width;
    for (let c = 0; c < k; c++) {
      let s0 = out[r * k + c] as number;
      let s1 = out[(r + 1) * k + c] as number;
      let s2 = out[(r + 2) * k + c] as number;
      let s3 = out[(r + 3) * k + c] as number;
      for (let t = c; t < trees; t += k) {
        let a0 = roots[t] as number;
        let a1 = a0;
        let a2 = a0;
        let a3 = a0;
        while (
          ((isLeaf[a0] as number) & (isLeaf[a1] as number) & (isLeaf[a2] as number) & (isLeaf[a3] as number)) ===
          0
        ) {
          a0 = step(f, a0, x[b0 + (feature[a0] as number)] as number);
          a1 = step(f, a1, x[b1 + (feature[a1] as number)] as number);
          a2 = step(f, a2, x[b2 + (feature[a2] as number)] as number);
          a3 = step(f, a3, x[b3 + (feature[a3] as number)] as number);
        }
        s0 += value[a0] as number;
        s1 += value[a1] as number;
        s2 += value[a2] as number;
        s3 += value[a3] as number;
      }
      out[r * k + c] = s0;
      out[(r + 1) * k + c] = s1;
      out[(r + 2) * k + c] = s2;
      out[(r + 3) * k + c] = s3;
    }
  }
  for (; r < rows; r++) {
    const b = r * width;
    for (let c = 0; c < k; c++) {
      let sum = out[r * k + c] as number;
      for (let t = c; t < trees; t += k) {
        let a = roots[t] as number;
        while (isLeaf[a] === 0) a = step(f, a, x[b + (feature[a] as number)] as number);
        sum += value[a] as number;
      }
      out[r * k + c] = sum;
    }
  }
  return out;
}

/** Columns of {@link predictOutputs}: one probability per class, or one value for regression. */
export function outputColumns(model: GbdtModel): number {
  return model.task === 'classification' ? model.classes : 1;
}

/** Raw scores → outputs in place of a new array: class probabilities (sigmoid/softmax) or values. */
export function rawToOutputs(model: GbdtModel, raw: Float64Array, rows: number): Float64Array {
  if (model.loss === 'squared_error') return raw.slice(0, rows);
  const k = model.classes;
  const out = new Float64Array(rows * k);
  if (model.treesPerIteration === 1) {
    for (let r = 0; r < rows; r++) {
      const p = 1 / (1 + Math.exp(-(raw[r] as number)));
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let max = raw[o] as number;
    for (let c = 1; c < k; c++) max = Math.max(max, raw[o + c] as number);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[o + c] as number) - max);
      out[o + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) out[o + c] = (out[o + c] as number) / sum;
  }
  return out;
}

/**
 * Predictions row-major rows × {@link outputColumns}: class probabilities for classification
 * (binary: [1 - p, p]), the predicted value for regression.
 */
export function predictOutputs(
  model: GbdtModel,
  x: Float64Array | Float32Array,
  rows: number,
  width: number,
  options: PredictRawOptions = {},
): Float64Array {
  return rawToOutputs(model, predictRaw(model, x, rows, width, options), rows);
}
