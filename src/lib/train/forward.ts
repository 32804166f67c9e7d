import type { Tf } from '../model/backend.js';
import { nextSeed } from './rng.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

/**
 * The model's forward pass. In training mode (`rng` given) dropout masks are drawn from the seeded
 * stream, so training is reproducible (tfjs's own dropout would draw unseeded or repeat one mask),
 * and dense layers use {@link matMulForTraining}. With `logits`, a final softmax layer returns its
 * pre-activation values, for the fused (stable, fewer ops) softmax cross-entropy.
 */
export function forward(
  tf: Tf,
  model: LayersModel,
  x: Tensor,
  rng: (() => number) | null,
  options: { logits?: boolean } = {},
): Tensor {
  // Inference: one call over the whole input (`model.predict` would slice it into batches of 32,
  // which tfjs-wasm does by reading the whole tensor each time: quadratic in the rows).
  if (!rng) return model.apply(x, { training: false }) as Tensor;
  let h = x;
  const last = model.layers.length - 1;
  model.layers.forEach((layer, i) => {
    const config = layer.getConfig() as { rate?: number; activation?: string };
    if (layer.getClassName() === 'Dropout') {
      const rate = config.rate ?? 0;
      const keep = tf.randomUniform(h.shape, 0, 1, 'float32', nextSeed(rng)).greaterEqual(rate).toFloat();
      h = tf.mul(h, keep).div(1 - rate);
      return;
    }
    const [kernel, bias] = layer.getWeights();
    if (layer.getClassName() !== 'Dense' || !kernel || !bias)
      throw new Error(`cannot train a ${layer.getClassName()} layer`);
    // The first layer's input is data: no gradient needed for it (saves the largest matmul).
    h = tf.add(matMulForTraining(tf, i > 0)(h, kernel), bias);
    const activation = i === last && options.logits && config.activation === 'softmax' ? 'linear' : config.activation;
    h = activate(tf, h, activation ?? 'linear');
  });
  return h;
}

const fastMatMul = new WeakMap<Tf, Map<boolean, (a: Tensor, b: Tensor) => Tensor>>();

/**
 * `a · b` whose gradients use explicit transposes instead of transposed matmuls: tfjs-wasm runs
 * `matMul(x, dy, transposeA)` on a slow generic path, and this halves the time of a training step.
 * With `inputGrad` false the gradient for `a` is zeros (for the data fed to the first layer).
 */
export function matMulForTraining(tf: Tf, inputGrad = true): (a: Tensor, b: Tensor) => Tensor {
  const cache = fastMatMul.get(tf) ?? new Map<boolean, (a: Tensor, b: Tensor) => Tensor>();
  fastMatMul.set(tf, cache);
  let op = cache.get(inputGrad);
  if (!op) {
    op = tf.customGrad((a, b, save) => {
      (save as (tensors: Tensor[]) => void)([a as Tensor, b as Tensor]);
      return {
        value: tf.matMul(a as Tensor, b as Tensor),
        gradFunc: (dy, saved) => {
          const [sa, sb] = saved as [Tensor, Tensor];
          const da = inputGrad ? tf.matMul(dy as Tensor, tf.transpose(sb)) : tf.zerosLike(sa);
          return [da, tf.matMul(tf.transpose(sa), dy as Tensor)];
        },
      };
    }) as unknown as (a: Tensor, b: Tensor) => Tensor;
    cache.set(inputGrad, op);
  }
  return op;
}

function activate(tf: Tf, h: Tensor, activation: string): Tensor {
  switch (activation) {
    case 'linear':
      return h;
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'elu':
      return tf.elu(h);
    case 'selu':
      return tf.selu(h);
    case 'softmax':
      return tf.softmax(h);
    default:
      throw new Error(`unsupported activation '${activation}'`);
  }
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
