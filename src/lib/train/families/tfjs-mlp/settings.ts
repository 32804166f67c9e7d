import type { MlxConfig } from '../../../config/index.js';
import type { Task } from '../../../contracts.js';
import { classWeights } from '../../class-weights.js';
import type { Matrix, TrainSettings } from '../../types.js';

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
