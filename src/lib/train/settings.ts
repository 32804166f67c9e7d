import type { MlxConfig } from '../config/index.js';
import type { Task } from '../contracts.js';
import { ConfigError } from '../errors.js';
import type { Matrix, TrainSettings } from './types.js';

/** Training settings from the config, the task and the training split (for class weights). */
export function trainSettings(config: MlxConfig, task: Task, classes: readonly string[], train: Matrix): TrainSettings {
  const t = config.train;
  return {
    task,
    classes: task === 'classification' ? classes.length : 1,
    epochs: t.epochs,
    batchSize: t.batch_size,
    lr: t.lr,
    optimizer: t.optimizer,
    l2: config.model.l2,
    seed: config.seed,
    earlyStopping: { ...t.early_stopping, minDelta: t.early_stopping.min_delta },
    classWeights: task === 'classification' ? classWeights(t.class_weights, classes, train.y) : null,
  };
}

/** `balanced` → n / (k · count_c); a map label → weight; null → no weighting. */
export function classWeights(
  spec: MlxConfig['train']['class_weights'],
  classes: readonly string[],
  y: ArrayLike<number>,
): Float32Array | null {
  if (spec === null) return null;
  const k = classes.length;
  if (spec === 'balanced') {
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] ?? 0) + 1;
    return Float32Array.from(counts, (c) => (c === 0 ? 0 : y.length / (k * c)));
  }
  const unknown = Object.keys(spec).filter((label) => !classes.includes(label));
  if (unknown.length > 0)
    throw new ConfigError(`train.class_weights names unknown classes: ${unknown.join(', ')}.`, {
      hint: `The classes are: ${classes.join(', ')}.`,
    });
  return Float32Array.from(classes, (label) => spec[label] ?? 1);
}
