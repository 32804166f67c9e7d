import type { Tf } from '../model/backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

/**
 * The data loss of one batch: softmax cross-entropy on the logits (optionally class-weighted) or
 * mean squared error. Returns a scalar tensor. (L2 is applied by the optimiser as weight decay.)
 */
export function batchLoss(
  tf: Tf,
  output: Tensor,
  y: Tensor,
  opts: {
    task: 'classification' | 'regression';
    classes: number;
    classWeights: Tensor | null;
  },
): import('@tensorflow/tfjs').Scalar {
  return tf.tidy(() => {
    let loss: Tensor;
    if (opts.task === 'classification') {
      const labels = y.toInt();
      const oneHot = tf.oneHot(labels, opts.classes);
      const weights = opts.classWeights ? tf.gather(opts.classWeights, labels) : undefined;
      loss = tf.losses.softmaxCrossEntropy(oneHot, output, weights);
    } else {
      loss = tf.mean(tf.square(tf.sub(output.reshape([-1]), y)));
    }
    return loss as import('@tensorflow/tfjs').Scalar;
  });
}
