import type { MetricDefinition } from './definition.js';

/**
 * Area under the ROC curve for one positive class: the Mann–Whitney statistic (ties count ½).
 * NaN when only one class is present.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let rankSumPos = 0;
  let nPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positive[order[t] as number]) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** ROC AUC from class probabilities: binary uses class 1; multiclass the macro one-vs-rest mean. */
export function rocAucFromProbs(yTrue: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  const classes = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const aucs = classes
    .map((c) =>
      rocAuc(
        column(probs, k, c),
        Array.from(yTrue, (y) => y === c),
      ),
    )
    .filter((a) => !Number.isNaN(a));
  return aucs.length === 0 ? Number.NaN : aucs.reduce((a, b) => a + b, 0) / aucs.length;
}

/** Points (fpr, tpr) of the ROC curve of one class, from the highest score down. */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): { fpr: number; tpr: number }[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  const nPos = Array.from(positive).filter(Boolean).length;
  const nNeg = scores.length - nPos;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  order.forEach((idx, n) => {
    if (positive[idx]) tp++;
    else fp++;
    const next = order[n + 1];
    if (next === undefined || scores[next] !== scores[idx])
      points.push({ fpr: nNeg ? fp / nNeg : 0, tpr: nPos ? tp / nPos : 0 });
  });
  return points;
}

/** One column of a row-major probability matrix. */
export function column(probs: ArrayLike<number>, k: number, c: number): Float64Array {
  const rows = Math.floor(probs.length / k);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = probs[i * k + c] as number;
  return out;
}

/** Registry entry (src/lib/evaluate/metrics/registry.ts). */
export const rocAucMetric: MetricDefinition = {
  name: 'roc_auc',
  task: 'classification',
  direction: 'max',
  compute: (i) => rocAucFromProbs(i.yTrue, i.probs, i.k),
};
