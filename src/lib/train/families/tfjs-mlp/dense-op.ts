import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type DenseOp = (a: Tensor, w: Tensor, b: Tensor) => Tensor;

const cache = new WeakMap<Tf, Map<string, DenseOp>>();

/**
 * `activation(a · w + b)` for training, as one fused forward op with a hand-written gradient:
 * explicit transposes instead of transposed matmuls (tfjs-wasm runs `matMul(x, dy, transposeA)` on
 * a slow generic path), and no gradient for the data fed to the first layer (`inputGrad` false).
 * Fused for `relu` and `linear`; other activations are applied after it.
 */
export function denseForTraining(tf: Tf, inputGrad: boolean, activation: string): DenseOp {
  const fused = activation === 'relu' ? 'relu' : 'linear';
  const key = `${inputGrad}:${fused}`;
  const ops = cache.get(tf) ?? new Map<string, DenseOp>();
  cache.set(tf, ops);
  let op = ops.get(key);
  if (!op) {
    op = tf.customGrad((a, w, b, save) => {
      const value = tf.fused.matMul({ a: a as Tensor, b: w as Tensor, bias: b as Tensor, activation: fused });
      (save as (tensors: Tensor[]) => void)([a as Tensor, w as Tensor, value]);
      return {
        value,
        gradFunc: (dy, saved) => {
          const [sa, sw, out] = saved as [Tensor, Tensor, Tensor];
          const dz = fused === 'relu' ? tf.mul(dy as Tensor, tf.step(out)) : (dy as Tensor);
          const da = inputGrad ? tf.matMul(dz, tf.transpose(sw)) : tf.zerosLike(sa);
          return [da, tf.matMul(tf.transpose(sa), dz), tf.sum(dz, 0)];
        },
      };
    }) as unknown as DenseOp;
    ops.set(key, op);
  }
  const dense = op;
  if (fused === activation || activation === 'linear') return dense;
  return (a, w, b) => activate(tf, dense(a, w, b), activation);
}

/** Applies a Keras activation by name. */
export function activate(tf: Tf, h: Tensor, activation: string): Tensor {
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
