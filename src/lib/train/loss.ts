import type { Tf } from '../model/backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

const EPS = 1e-7;

/**
 * The training loss of one batch: cross-entropy on softmax outputs (optionally class-weighted) or
 * mean squared error, plus L2 on the dense kernels. Returns a scalar tensor.
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
      const perRow = tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(output, EPS, 1))), 1));
      loss = opts.classWeights ? tf.mean(tf.mul(perRow, tf.gather(opts.classWeights, labels))) : tf.mean(perRow);
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
