import type { MlxConfig } from '../../../config/index.js';
import type { Task } from '../../../contracts.js';
import { classWeights } from '../../class-weights.js';
import type { Matrix, TrainSettings } from '../../types.js';

/**
 * The family's training defaults per model type, used where `train.*` says `auto`. Measured to
 * converge on small public tables (`npm run bench -- own-data`: breast cancer, digits, diabetes):
 * a linear/logistic model needs a large step and many epochs (Adam at 1e-3 stops at the epoch cap
 * far from the optimum); the MLP a smaller step, stopped early on the validation loss.
 */
export const TFJS_TRAIN_DEFAULTS = {
  mlp: { lr: 0.003, epochs: 300 },
  linear: { lr: 0.05, epochs: 500 },
} as const satisfies Record<'mlp' | 'linear', { lr: number; epochs: number }>;

/** Training settings from the config (family defaults for `auto`), the task and the train split (class weights). */
export function trainSettings(
  config: MlxConfig,
  task: Task,
  classes: readonly string[],
  train: Matrix,
  seed: number,
): TrainSettings {
  const t = config.train;
  const type = config.model.type === 'linear' ? 'linear' : 'mlp';
  const defaults = TFJS_TRAIN_DEFAULTS[type];
  return {
    task,
    classes: task === 'classification' ? classes.length : 1,
    epochs: t.epochs === 'auto' ? defaults.epochs : t.epochs,
    batchSize: t.batch_size,
    lr: t.lr === 'auto' ? defaults.lr : t.lr,
    optimizer: t.optimizer,
    l2: config.model.l2,
    seed,
    earlyStopping: { ...t.early_stopping, minDelta: t.early_stopping.min_delta },
    classWeights: task === 'classification' ? classWeights(t.class_weights, classes, train.y) : null,
  };
}
