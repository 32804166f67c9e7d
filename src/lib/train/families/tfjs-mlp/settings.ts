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
  mlp: { lr: 0.003, epochs: 300, monitor: 'val_loss', minDelta: 0 },
  linear: { lr: 0.05, epochs: 500, monitor: 'loss', minDelta: 1e-4 },
} as const satisfies Record<'mlp' | 'linear', { lr: number; epochs: number; monitor: string; minDelta: number }>;

/**
 * `model.l2: auto`: weight decay that suits the model and the data size. An MLP on a small table needs
 * real decay (0.01) not to fit noise. A linear model gets scikit-learn's defaults in this loss's scale
 * (the mean loss + λ·Σw²): LogisticRegression's C=1 is λ = 1/(2n) over the K weight vectors of a
 * softmax — 1/n for two classes, whose two vectors share one logit — and Ridge's α=1 is λ = 1/n on a
 * standardised target; all fade as rows accumulate.
 */
export function autoL2(type: 'mlp' | 'linear', task: Task, classes: number, trainRows: number): number {
  if (type === 'mlp') return 0.01;
  const n = Math.max(1, trainRows);
  return task === 'classification' && classes > 2 ? 1 / (2 * n) : 1 / n;
}

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
    lrPlateau: t.lr_schedule === 'plateau' ? Math.max(1, Math.floor(t.early_stopping.patience / 2)) : null,
    optimizer: t.optimizer,
    l2:
      config.model.type === 'gbdt' || config.model.l2 === 'auto'
        ? autoL2(type, task, classes.length, train.rows)
        : config.model.l2,
    seed,
    earlyStopping: {
      enabled: t.early_stopping.enabled,
      patience: t.early_stopping.patience,
      metric: t.early_stopping.metric === 'auto' ? defaults.monitor : t.early_stopping.metric,
      minDelta: t.early_stopping.min_delta === 'auto' ? defaults.minDelta : t.early_stopping.min_delta,
    },
    classWeights: task === 'classification' ? classWeights(t.class_weights, classes, train.y) : null,
  };
}
