import { accuracy } from './accuracy.js';
import { argmaxRows } from './argmax.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { logLoss } from './log-loss.js';
import { macroF1 } from './macro-f1.js';
import { mae } from './mae.js';
import { perClassScores } from './per-class.js';
import { r2 } from './r2.js';
import { metricsFor } from './registry.js';
import { rmse } from './rmse.js';

export type { ClassificationInputs, MetricDefinition, MetricRole, RegressionInputs } from './definition.js';
export {
  findMetric,
  higherIsBetter,
  isBetter,
  METRICS,
  metricDirection,
  metricForRole,
  metricsFor,
} from './registry.js';
export { column, rocAuc, rocAucFromProbs, rocCurve } from './roc-auc.js';
export { accuracy, argmaxRows, balancedAccuracy, confusionMatrix, logLoss, macroF1, mae, perClassScores, r2, rmse };

/**
 * The classification metrics of the registry (a metric registered later is in the object under its name
 * too, without a typed field), plus the per-class table and the confusion matrix.
 */
export interface ClassificationMetrics {
  accuracy: number;
  balanced_accuracy: number;
  macro_f1: number;
  roc_auc: number;
  log_loss: number;
  per_class: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusion_matrix: { labels: string[]; matrix: number[][] };
  n: number;
}

/** Every regression metric of the registry. */
export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
  n: number;
}

/** Every classification metric from actual class indices and row-major class probabilities. */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  probs: ArrayLike<number>,
  labels: readonly string[],
): ClassificationMetrics {
  const k = labels.length;
  const yPred = argmaxRows(probs, k);
  const matrix = confusionMatrix(yTrue, yPred, k);
  const scores = perClassScores(matrix);
  const inputs = { yTrue, probs, yPred, k, matrix };
  const values: Record<string, number> = {};
  for (const m of metricsFor('classification')) if (m.task === 'classification') values[m.name] = m.compute(inputs);
  return {
    ...(values as Pick<ClassificationMetrics, 'accuracy' | 'balanced_accuracy' | 'macro_f1' | 'roc_auc' | 'log_loss'>),
    per_class: Object.fromEntries(
      labels.map((label, c) => [label, scores[c] ?? { precision: 0, recall: 0, f1: 0, support: 0 }]),
    ),
    confusion_matrix: { labels: [...labels], matrix },
    n: yTrue.length,
  };
}

/** Every regression metric of predictions in the target's own units. */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const values: Record<string, number> = {};
  for (const m of metricsFor('regression')) if (m.task === 'regression') values[m.name] = m.compute({ yTrue, yPred });
  return { ...(values as Pick<RegressionMetrics, 'rmse' | 'mae' | 'r2'>), n: yTrue.length };
}
