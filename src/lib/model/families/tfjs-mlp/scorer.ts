import type { Scorer, ScorerInput } from '../../family.js';
import type { Tf } from './backend.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** Rows per tensor call when scoring large inputs (bounded memory; same results as one call). */
const CHUNK = 16_384;

/** A Scorer over a tfjs model: inference-mode forward passes inside tf.tidy; it owns (and disposes) the model. */
export function tfjsScorer(tf: Tf, model: LayersModel): Scorer & { readonly model: LayersModel } {
  let disposed = false;
  return {
    model,
    score(input) {
      if (disposed) throw new Error('score() after dispose()');
      return scoreModel(tf, model, input);
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** Inference-mode outputs (row-major) of encoded rows, in chunks of bounded memory (same results as one call). */
export function scoreModel(tf: Tf, model: LayersModel, { x, rows, width }: ScorerInput): Float32Array {
  if (rows <= CHUNK) return runModel(tf, model, x, rows, width);
  const units = outputWidth(model);
  const out = new Float32Array(rows * units);
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    out.set(runModel(tf, model, x.subarray(start * width, (start + n) * width), n, width), start * units);
  }
  return out;
}

/** One batched forward pass (inference mode) inside tf.tidy; returns row-major outputs. */
export function runModel(
  tf: Tf,
  model: LayersModel,
  x: Float32Array | Float64Array,
  rows: number,
  width: number,
): Float32Array {
  const out = tf.tidy(() => {
    // `apply`, not `predict`: predict slices the batch into chunks of 32 (quadratic on tfjs-wasm).
    const input = tf.tensor2d(x instanceof Float32Array ? x : Float32Array.from(x), [rows, width]);
    return model.apply(input, { training: false }) as Tensor;
  });
  // Read outside tf.tidy: tidy walks whatever its callback returns, and a typed array it walks element
  // by element (into a Set): seconds for a million rows.
  try {
    return out.dataSync() as Float32Array;
  } finally {
    out.dispose();
  }
}

/** Number of output units of the model. */
export function outputWidth(model: LayersModel): number {
  const shape = model.outputs[0]?.shape;
  return shape?.[shape.length - 1] ?? 1;
}
