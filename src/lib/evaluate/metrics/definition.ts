/** What a classification metric is computed from (one split, the model's outputs). */
export interface ClassificationInputs {
  /** Actual class index per row. */
  yTrue: ArrayLike<number>;
  /** Row-major class probabilities (rows × k). */
  probs: ArrayLike<number>;
  /** Predicted class per row (argmax). */
  yPred: Int32Array;
  k: number;
  /** Confusion matrix `m[actual][predicted]`. */
  matrix: readonly (readonly number[])[];
}

/** What a regression metric is computed from: actual and predicted values in target units. */
export interface RegressionInputs {
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
}

/**
 * What a metric is for beyond being reported: `leaderboard` ranks sweep runs, `tie-break` orders equal
 * leaderboard values, `champion` compares a retrained candidate with the serving model.
 */
export type MetricRole = 'leaderboard' | 'tie-break' | 'champion';

interface MetricBase {
  /** The key in metrics.json (`accuracy`); splits prefix it (`val_accuracy`, `test_accuracy`). */
  name: string;
  /** Whether larger values are better: gates, early stopping, leaderboards and comparisons follow it. */
  direction: 'max' | 'min';
  roles?: readonly MetricRole[];
}

/** One evaluation metric: its name, direction, roles, and how it is computed. */
export type MetricDefinition =
  | (MetricBase & { task: 'classification'; compute(inputs: ClassificationInputs): number })
  | (MetricBase & { task: 'regression'; compute(inputs: RegressionInputs): number });
