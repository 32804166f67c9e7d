import type { Tf } from '../model/backend.js';
import { nextSeed } from './rng.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

/**
 * The model's forward pass. In training mode (`rng` given) dropout masks are drawn from the seeded
 * stream, so training is reproducible (tfjs's own dropout would draw unseeded or repeat one mask).
 * With `logits`, a final softmax layer returns its pre-activation values, for the fused (stable,
 * fewer ops) softmax cross-entropy.
 */
export function forward(
  tf: Tf,
  model: LayersModel,
  x: Tensor,
  rng: (() => number) | null,
  options: { logits?: boolean } = {},
): Tensor {
  let h = x;
  const last = model.layers.length - 1;
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() === 'Dropout') {
      if (!rng) return;
      const rate = (layer.getConfig() as { rate: number }).rate;
      const keep = tf.randomUniform(h.shape, 0, 1, 'float32', nextSeed(rng)).greaterEqual(rate).toFloat();
      h = tf.mul(h, keep).div(1 - rate);
    } else if (
      i === last &&
      options.logits &&
      (layer.getConfig() as { activation?: string }).activation === 'softmax'
    ) {
      const [kernel, bias] = layer.getWeights();
      if (!kernel || !bias) throw new Error('the output layer has no kernel/bias');
      h = tf.add(tf.matMul(h, kernel), bias);
    } else {
      h = layer.apply(h) as Tensor;
    }
  });
  return h;
}

/** Runs the model on a row-major matrix in chunks; returns the outputs row-major (rows × units). */
export function predictMatrix(tf: Tf, model: LayersModel, x: Float32Array, rows: number, width: number): Float32Array {
  const units = outputWidth(model);
  const out = new Float32Array(rows * units);
  const chunk = 16_384;
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const values = tf.tidy(() => {
      const input = tf.tensor2d(x.subarray(start * width, (start + n) * width), [n, width]);
      return forward(tf, model, input, null).dataSync() as Float32Array;
    });
    out.set(values, start * units);
  }
  return out;
}

/** Number of output units of the model. */
export function outputWidth(model: LayersModel): number {
  const shape = model.outputs[0]?.shape;
  return shape?.[shape.length - 1] ?? 1;
}
