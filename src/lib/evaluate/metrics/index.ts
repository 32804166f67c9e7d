import { accuracy } from './accuracy.js';
import { argmaxRows } from './argmax.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { logLoss } from './log-loss.js';
import { macroF1 } from './macro-f1.js';
import { mae } from './mae.js';
import { perClassScores } from './per-class.js';
import { r2 } from './r2.js';
import { rmse } from './rmse.js';
import { rocAucFromProbs } from './roc-auc.js';

export { column, rocAuc, rocAucFromProbs, rocCurve } from './roc-auc.js';
export { accuracy, argmaxRows, balancedAccuracy, confusionMatrix, logLoss, macroF1, mae, perClassScores, r2, rmse };

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
  return {
    accuracy: accuracy(yTrue, yPred),
    balanced_accuracy: balancedAccuracy(matrix),
    macro_f1: macroF1(matrix),
    roc_auc: rocAucFromProbs(yTrue, probs, k),
    log_loss: logLoss(yTrue, probs, k),
    per_class: Object.fromEntries(
      labels.map((label, c) => [label, scores[c] ?? { precision: 0, recall: 0, f1: 0, support: 0 }]),
    ),
    confusion_matrix: { labels: [...labels], matrix },
    n: yTrue.length,
  };
}

/** RMSE, MAE and R² of predictions in the target's own units. */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  return { rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred), n: yTrue.length };
}
