import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

/**
 * The data loss of one batch: softmax cross-entropy of the logits against one-hot targets
 * (optionally weighted per row, for class weights) or mean squared error. Returns a scalar tensor.
 * (L2 is applied by the optimiser as weight decay.)
 */
export function batchLoss(
  tf: Tf,
  output: Tensor,
  y: Tensor,
  opts: { task: 'classification' | 'regression'; weights: Tensor | null },
): import('@tensorflow/tfjs').Scalar {
  return tf.tidy(() => {
    if (opts.task === 'classification')
      return tf.losses.softmaxCrossEntropy(y, output, opts.weights ?? undefined) as import('@tensorflow/tfjs').Scalar;
    return tf.mean(tf.square(tf.sub(output.reshape([-1]), y))) as import('@tensorflow/tfjs').Scalar;
  });
}
