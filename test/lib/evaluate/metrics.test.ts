import { describe, expect, it } from 'vitest';
import { baselineOutput, fitBaseline } from '../../../src/lib/evaluate/baseline.js';
import {
  accuracy,
  argmaxRows,
  balancedAccuracy,
  classificationMetrics,
  confusionMatrix,
  logLoss,
  macroF1,
  mae,
  perClassScores,
  r2,
  regressionMetrics,
  rmse,
  rocAuc,
  rocAucFromProbs,
  rocCurve,
} from '../../../src/lib/evaluate/metrics/index.js';

// Actual [0,0,0,1,1,2], predicted [0,1,0,1,1,0] — worked out by hand below.
const yTrue = [0, 0, 0, 1, 1, 2];
const yPred = [0, 1, 0, 1, 1, 0];

describe('classification metrics (hand-computed)', () => {
  const m = confusionMatrix(yTrue, yPred, 3);

  it('confusion matrix counts actual × predicted', () => {
    expect(m).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });

  it('accuracy = 4/6', () => expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12));

  it('per-class precision/recall/F1', () => {
    const s = perClassScores(m);
    // class 0: tp 2, predicted 3, actual 3 → p = r = 2/3; class 1: p 2/3, r 1; class 2: 0.
    expect(s[0]?.precision).toBeCloseTo(2 / 3, 12);
    expect(s[0]?.recall).toBeCloseTo(2 / 3, 12);
    expect(s[1]?.precision).toBeCloseTo(2 / 3, 12);
    expect(s[1]?.recall).toBe(1);
    expect(s[1]?.f1).toBeCloseTo(0.8, 12);
    expect(s[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('balanced accuracy = mean recall = (2/3 + 1 + 0)/3', () =>
    expect(balancedAccuracy(m)).toBeCloseTo((2 / 3 + 1) / 3, 12));

  it('macro F1 = (2/3 + 0.8 + 0)/3', () => expect(macroF1(m)).toBeCloseTo((2 / 3 + 0.8) / 3, 12));

  it('log loss of known probabilities', () => {
    const probs = [0.8, 0.2, 0.4, 0.6];
    expect(logLoss([0, 1], probs, 2)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([1], [1, 0], 2)).toBeCloseTo(-Math.log(1e-15), 6);
  });

  it('argmax picks the first maximum', () => {
    expect(Array.from(argmaxRows([0.1, 0.9, 0.5, 0.5], 2))).toEqual([1, 0]);
  });
});

describe('ROC AUC', () => {
  it('equals the share of correctly ordered positive/negative pairs, ties ½', () => {
    // positives 0.8, 0.4; negatives 0.6, 0.4 → pairs: (0.8>0.6) 1, (0.8>0.4) 1, (0.4<0.6) 0, (0.4=0.4) ½ → 2.5/4
    expect(rocAuc([0.8, 0.4, 0.6, 0.4], [true, true, false, false])).toBeCloseTo(0.625, 12);
    expect(rocAuc([0.1, 0.9], [false, true])).toBe(1);
    expect(rocAuc([0.1, 0.9], [true, true])).toBeNaN();
  });

  it('binary uses class 1; multiclass is the one-vs-rest mean', () => {
    expect(rocAucFromProbs([0, 1], [0.7, 0.3, 0.2, 0.8], 2)).toBe(1);
    const probs = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
    expect(rocAucFromProbs([0, 1, 2], probs, 3)).toBe(1);
  });

  it('curve runs from (0,0) to (1,1)', () => {
    const curve = rocCurve([0.9, 0.8, 0.3, 0.1], [true, false, true, false]);
    expect(curve[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(curve.at(-1)).toEqual({ fpr: 1, tpr: 1 });
    expect(curve[1]).toEqual({ fpr: 0, tpr: 0.5 });
  });

  it('classificationMetrics bundles everything with labels', () => {
    const probs = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4];
    const m = classificationMetrics([0, 1, 1], probs, ['a', 'b']);
    expect(m.accuracy).toBeCloseTo(2 / 3, 12);
    expect(m.confusion_matrix).toEqual({
      labels: ['a', 'b'],
      matrix: [
        [1, 0],
        [1, 1],
      ],
    });
    expect(m.per_class.b?.recall).toBe(0.5);
    expect(m.roc_auc).toBe(1);
    expect(m.n).toBe(3);
  });
});

describe('regression metrics (hand-computed)', () => {
  const t = [3, -0.5, 2, 7];
  const p = [2.5, 0, 2, 8];
  it('RMSE = sqrt((0.25+0.25+0+1)/4)', () => expect(rmse(t, p)).toBeCloseTo(Math.sqrt(1.5 / 4), 12));
  it('MAE = (0.5+0.5+0+1)/4', () => expect(mae(t, p)).toBeCloseTo(0.5, 12));
  it('R² = 1 − 1.5/29.1875 (scikit-learn: 0.9486)', () => expect(r2(t, p)).toBeCloseTo(1 - 1.5 / 29.1875, 12));
  it('R² of a constant target is NaN', () => expect(r2([1, 1], [1, 2])).toBeNaN());
  it('bundles n', () => expect(regressionMetrics(t, p).n).toBe(4));
});

describe('baselines', () => {
  it('majority baseline predicts training class frequencies', () => {
    const baseline = fitBaseline([0, 1, 1, 1], 2);
    expect(baseline).toEqual({ kind: 'majority', priors: [0.25, 0.75] });
    expect(Array.from(baselineOutput(baseline, 2))).toEqual([0.25, 0.75, 0.25, 0.75]);
  });
  it('mean baseline predicts the training mean', () => {
    const baseline = fitBaseline([1, 2, 6], 0);
    expect(Array.from(baselineOutput(baseline, 2))).toEqual([3, 3]);
  });
});
