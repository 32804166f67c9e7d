import type { Task } from '../contracts.js';

/** A feature matrix (row-major) with its encoded target: class indices or (scaled) values. */
export interface Matrix {
  /** Float32 for the onehot encoding, float64 for ordinal. */
  x: Float32Array | Float64Array;
  rows: number;
  width: number;
  /** Classification: class index per row. Regression: target value per row. */
  y: Float32Array;
  /** The ordinal encoding's column layout (which columns are categorical, and their sizes). */
  columns?: import('../data/index.js').EncodedColumn[];
}

export interface EpochStats {
  epoch: number;
  epochs: number;
  loss: number;
  /** Validation metrics of this epoch (`val_loss`, `val_accuracy` or `val_rmse`...). */
  val: Record<string, number>;
  elapsedMs: number;
  /** Whether the monitored metric improved on this epoch. */
  improved: boolean;
  /** The learning rate this epoch trained with (absent when a family has none). */
  lr?: number;
}

export interface TrainSettings {
  task: Task;
  classes: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Halve lr after this many epochs without improvement (down to lr/1000); null = constant lr. */
  lrPlateau: number | null;
  optimizer: 'adam' | 'sgd' | 'rmsprop';
  l2: number;
  seed: number;
  earlyStopping: { enabled: boolean; patience: number; minDelta: number; metric: string };
  /** Per-class loss weights (index = class index), or null. */
  classWeights: Float32Array | null;
}

export interface FitResult {
  history: EpochStats[];
  bestEpoch: number;
  monitor: string;
  bestValue: number;
  stoppedEarly: boolean;
  interrupted: boolean;
}
