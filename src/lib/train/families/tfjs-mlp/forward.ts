import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';
import { nextSeed } from '../../../random.js';
import { denseForTraining } from './dense-op.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

/**
 * The model's forward pass. In training mode (`rng` given) dropout masks are drawn from the seeded
 * stream, so training is reproducible (tfjs's own dropout would draw unseeded or repeat one mask),
 * and dense layers use {@link denseForTraining}. With `logits`, a final softmax layer returns its
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
    const activation = i === last && options.logits && config.activation === 'softmax' ? 'linear' : config.activation;
    // The first layer's input is data: no gradient needed for it (saves the largest matmul).
    h = denseForTraining(tf, i > 0, activation ?? 'linear')(h, kernel, bias);
  });
  return h;
}
