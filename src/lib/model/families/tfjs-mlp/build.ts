import type { Task } from '../../../contracts.js';
import type { Tf } from './backend.js';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu';

export interface ModelSpec {
  type: 'mlp' | 'linear';
  hidden: readonly number[];
  activation: Activation;
  dropout: number;
  inputWidth: number;
  task: Task;
  /** Number of classes (classification) — ignored for regression. */
  classes: number;
  seed: number;
}

/** Output units: one per class (softmax) for classification, one linear unit for regression. */
export function outputUnits(spec: Pick<ModelSpec, 'task' | 'classes'>): number {
  return spec.task === 'classification' ? spec.classes : 1;
}

/**
 * Builds the tfjs model from the config: an MLP (dense → activation → dropout per hidden size) or a
 * linear/logistic model (no hidden layer). Initialisers are seeded so weights are reproducible.
 */
export function buildModel(tf: Tf, spec: ModelSpec): import('@tensorflow/tfjs').Sequential {
  const hidden = spec.type === 'linear' ? [] : spec.hidden;
  const model = tf.sequential({ name: spec.type });
  let seed = spec.seed;
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: spec.activation,
        kernelInitializer: initializer(tf, spec.activation, seed++),
        ...(i === 0 ? { inputShape: [spec.inputWidth] } : {}),
        name: `dense_${i}`,
      }),
    );
    if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout, name: `dropout_${i}` }));
  });
  model.add(
    tf.layers.dense({
      units: outputUnits(spec),
      activation: spec.task === 'classification' ? 'softmax' : 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
      ...(hidden.length === 0 ? { inputShape: [spec.inputWidth] } : {}),
      name: 'output',
    }),
  );
  return model;
}

function initializer(tf: Tf, activation: Activation, seed: number) {
  if (activation === 'relu' || activation === 'elu') return tf.initializers.heUniform({ seed });
  if (activation === 'selu') return tf.initializers.leCunNormal({ seed });
  return tf.initializers.glorotUniform({ seed });
}
