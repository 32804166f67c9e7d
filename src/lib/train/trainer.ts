import type { MlxConfig } from '../config/index.js';
import type { Task } from '../contracts.js';
import type { FittedPipeline } from '../data/index.js';
import type { Logger } from '../logging.js';
import type { Scorer } from '../model/index.js';
import type { EpochStats, Matrix } from './types.js';

/** What a trainer fits on: the encoded train and validation splits (in its family's encoding). */
export interface TrainingSet {
  train: Matrix;
  val: Matrix;
  task: Task;
  /** Class labels in output order (classification), [] for regression. */
  classes: string[];
  pipeline: FittedPipeline;
}

export interface TrainContext {
  /** The resolved config: the trainer reads its hyper-parameters from `model` and `train`. */
  config: MlxConfig;
  /** The seed of weight initialisation, shuffling and any other randomness of training. */
  seed: number;
  logger: Logger;
  /** Aborting stops after the current step; the best model so far is returned (`interrupted`). */
  signal?: AbortSignal;
  /** Called after each epoch (or boosting iteration). */
  onEpoch?: (stats: EpochStats) => void;
}

/** A fitted model, still in memory: score it, then write its files into the bundle. */
export interface TrainedModel {
  /** Scores encoded rows (owned: dispose it when done). */
  scorer: Scorer;
  /** The family's bundle files (`ModelFamily.files`), byte-identical for the same data, config and seed. */
  files(): Promise<Record<string, string | Uint8Array>>;
  history: EpochStats[];
  bestEpoch: number;
  /** The metric early stopping watched (`val_loss`, or `loss` without a validation split). */
  monitor: string;
  stoppedEarly: boolean;
  interrupted: boolean;
  /** What computed it (tfjs backend name, or `js`), recorded in lineage.json. */
  backend: string;
  /** Versions of the libraries that computed it, recorded in lineage.json. */
  versions: Record<string, string>;
  /** What to change when the best epoch was the last one (default: raise train.epochs or train.lr). */
  notConverged?: string;
  /** Family-specific facts for metrics.json (number of trees and leaves, feature importance, ...). */
  summary: Record<string, unknown>;
}

/** The training half of a model family (same `family` name as its ModelFamily). */
export interface Trainer {
  readonly family: string;
  /**
   * Fits a model. Divergence contract (src/lib/train/divergence.ts): stops at the first epoch whose loss
   * is NaN or infinite and throws TrainingDivergedError (MLX_TRAINING_DIVERGED), as it does when any
   * parameter of the final model is not finite; it never returns such a model. `watchDivergence` wraps
   * a fit loop's signal and onEpoch to do the first half. The training workflow checks the history and
   * the model's outputs again, for every family.
   */
  fit(set: TrainingSet, context: TrainContext): Promise<TrainedModel>;
}
