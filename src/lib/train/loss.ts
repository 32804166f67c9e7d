import type { Tf } from '../model/backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

/**
 * The training loss of one batch: softmax cross-entropy on the logits (optionally class-weighted)
 * or mean squared error, plus L2 on the dense kernels. Returns a scalar tensor.
 */
export function batchLoss(
  tf: Tf,
  output: Tensor,
  y: Tensor,
  opts: {
    task: 'classification' | 'regression';
    classes: number;
    classWeights: Tensor | null;
    kernels: Tensor[];
    l2: number;
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
    if (opts.l2 > 0 && opts.kernels.length > 0) {
      const penalty = tf.addN(opts.kernels.map((k) => tf.sum(tf.square(k))));
      loss = tf.add(loss, tf.mul(penalty, opts.l2));
    }
    return loss as import('@tensorflow/tfjs').Scalar;
  });
}
