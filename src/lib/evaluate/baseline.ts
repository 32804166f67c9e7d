/** Majority-class baseline: predicts the training split's class frequencies for every row. */
export function majorityBaselineProbs(trainY: ArrayLike<number>, k: number, rows: number): Float32Array {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < trainY.length; i++) counts[trainY[i] as number] = (counts[trainY[i] as number] ?? 0) + 1;
  const total = trainY.length || 1;
  const out = new Float32Array(rows * k);
  for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) out[i * k + c] = (counts[c] ?? 0) / total;
  return out;
}

/** Mean baseline: predicts the training split's mean for every row. */
export function meanBaselinePredictions(trainY: ArrayLike<number>, rows: number): Float64Array {
  let sum = 0;
  for (let i = 0; i < trainY.length; i++) sum += trainY[i] as number;
  return new Float64Array(rows).fill(trainY.length ? sum / trainY.length : 0);
}
