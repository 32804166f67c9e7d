import type { ModelOutputs, Task } from '../contracts.js';
import { type Baseline, baselineOutput } from './baseline.js';
import {
  type ClassificationMetrics,
  classificationMetrics,
  column,
  type RegressionMetrics,
  regressionMetrics,
  rocCurve,
} from './metrics/index.js';

export type Metrics = ClassificationMetrics | RegressionMetrics;

/** Scored predictions of one split: the model's metrics, the baseline's, and what the charts need. */
export interface Scored {
  task: Task;
  metrics: Metrics;
  baseline: Metrics;
  roc: { label: string; points: { fpr: number; tpr: number }[] }[];
  residuals: { x: number; y: number }[];
}

export interface ScoreInput {
  task: Task;
  /** Classification: class index per row. Regression: actual value (target units). */
  yTrue: ArrayLike<number>;
  /** Classification: row-major probabilities (rows × classes). Regression: predicted values. */
  output: ArrayLike<number>;
  labels: readonly string[];
  /** The majority / mean baseline fitted on the training split (target units). */
  baseline: Baseline;
}

/** Scores a split: metrics for the model and for the majority/mean baseline, ROC curves or residuals. */
export function scorePredictions(input: ScoreInput): Scored {
  const rows = input.yTrue.length;
  if (input.task === 'classification') {
    const k = input.labels.length;
    const baseline = baselineOutput(input.baseline, rows);
    const classes = k === 2 ? [1] : input.labels.map((_, c) => c);
    return {
      task: input.task,
      metrics: classificationMetrics(input.yTrue, input.output, input.labels),
      baseline: classificationMetrics(input.yTrue, baseline, input.labels),
      roc: classes.map((c) => ({
        label: input.labels[c] ?? String(c),
        points: rocCurve(
          column(input.output, k, c),
          Array.from(input.yTrue, (y) => y === c),
        ),
      })),
      residuals: [],
    };
  }
  return {
    task: input.task,
    metrics: regressionMetrics(input.yTrue, input.output),
    baseline: regressionMetrics(input.yTrue, baselineOutput(input.baseline, rows)),
    roc: [],
    residuals: Array.from(input.output, (p, i) => ({ x: p, y: (input.yTrue[i] as number) - p })),
  };
}

/** The scalar metrics of a result (drops per-class tables and matrices). */
export function scalarMetrics(metrics: Metrics): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number' && e[0] !== 'n'),
  );
}

/**
 * Scores a model's raw outputs (what `Predictor.predictColumns` returns) against the actual targets
 * (class indices, or values in target units).
 */
export function scoreOutputs(outputs: ModelOutputs, yTrue: ArrayLike<number>, baseline: Baseline): Scored {
  if (outputs.task === 'classification')
    return scorePredictions({
      task: 'classification',
      yTrue,
      output: outputs.probabilities,
      labels: outputs.classes,
      baseline,
    });
  return scorePredictions({ task: 'regression', yTrue, output: outputs.values, labels: [], baseline });
}
