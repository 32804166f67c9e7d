import type { GbdtModel } from '../../../model/families/gbdt/format.js';

export interface GbdtColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Categorical: number of codes (values 0..categories-1, NaN = missing); inferred from the data when absent. */
  categories?: number;
}

/** A feature matrix with its target, as the trainer takes it. */
export interface GbdtData {
  /** Row-major rows × width; NaN = missing; categorical columns hold integer codes. */
  x: Float64Array;
  rows: number;
  width: number;
  columns: GbdtColumn[];
  /** Class index 0..classes-1, or the regression target. */
  y: Float64Array;
  task: 'classification' | 'regression';
  /** Number of classes k (1 for regression). */
  classes: number;
  /** Per-row weights (e.g. class weights), or null for unit weights. */
  weights?: Float64Array | null;
}

/** Hyper-parameters: scikit-learn's HistGradientBoosting names and defaults. */
export interface GbdtParams {
  learning_rate: number;
  max_iter: number;
  /** null = no limit. */
  max_leaf_nodes: number | null;
  /** null = no limit (depth of the root is 0). */
  max_depth: number | null;
  min_samples_leaf: number;
  l2_regularization: number;
  /** Bins for non-missing values per feature, 2..255 (one more bin is kept for missing values). */
  max_bins: number;
  /** 'auto': on when the training split has more than 10 000 rows (as scikit-learn). */
  early_stopping: 'auto' | boolean;
  n_iter_no_change: number;
  tol: number;
  /** Threads for histogram building and per-row loss work: 'auto' uses 2 on large data when 2 cores exist. */
  threads: 'auto' | 1 | 2;
  /** Seed of the binning subsample (rows > 200 000); null = the fit options' seed. */
  seed: number | null;
}

export const GBDT_DEFAULTS: Readonly<GbdtParams> = Object.freeze({
  learning_rate: 0.1,
  max_iter: 100,
  max_leaf_nodes: 31,
  max_depth: null,
  min_samples_leaf: 20,
  l2_regularization: 0,
  max_bins: 255,
  early_stopping: 'auto',
  n_iter_no_change: 10,
  tol: 1e-7,
  threads: 'auto',
  seed: null,
});

export interface GbdtIterationStats {
  /** 1-based boosting iteration. */
  iteration: number;
  /**
   * Mean (weighted) training loss after this iteration: half squared error or log-loss. Over every
   * training row when early stopping follows it (no validation split) or there are at most 10 000
   * rows; else over a fixed sample of 10 000 evenly spaced rows (a curve for a fraction of a pass).
   */
  trainLoss: number;
  /** Same on the validation split, when there is one. */
  valLoss?: number;
  elapsedMs: number;
  /** Whether the monitored loss (validation if any, else training) beat the best so far by more than `tol`. */
  improved: boolean;
  /** Leaves of the trees of this iteration. */
  leaves: number;
}

export interface GbdtFitOptions {
  seed: number;
  /** The project's validation split: early stopping monitors its loss. */
  val?: GbdtData;
  /** Stops after the current iteration and keeps what was built. */
  signal?: AbortSignal;
  onIteration?: (stats: GbdtIterationStats) => void;
}

export interface GbdtFitResult {
  model: GbdtModel;
  history: GbdtIterationStats[];
  /** Loss of the baseline alone (before the first tree). */
  initialLoss: { train: number; val?: number };
  /** Iteration (1-based) with the lowest monitored loss; 0 when no tree improved on the baseline. */
  bestIteration: number;
  /** Which loss early stopping and `bestIteration` follow. */
  monitor: 'val_loss' | 'train_loss';
  earlyStopping: boolean;
  stoppedEarly: boolean;
  interrupted: boolean;
  /** Threads actually used. */
  threads: 1 | 2;
  /** The histogram kernel that ran: WebAssembly, or JavaScript (same results) when wasm memory could not hold the data. */
  kernel: 'wasm' | 'js';
  /** The resolved parameters. */
  params: GbdtParams;
  /** Wall time per phase (ms): binning, histograms, split finding/partitioning, gradients and losses. */
  timings: { binning: number; histograms: number; splitting: number; loss: number; total: number };
}
