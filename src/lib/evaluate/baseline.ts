/** The trivial model a real one must beat: class priors (majority class) or the training mean. */
export type Baseline = { kind: 'majority'; priors: number[] } | { kind: 'mean'; mean: number };

/** Fits the baseline on training targets: class frequencies (k classes) or the mean (k = 0). */
export function fitBaseline(trainY: ArrayLike<number>, k: number): Baseline {
  if (k === 0) {
    let sum = 0;
    for (let i = 0; i < trainY.length; i++) sum += trainY[i] as number;
    return { kind: 'mean', mean: trainY.length ? sum / trainY.length : 0 };
  }
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < trainY.length; i++) counts[trainY[i] as number] = (counts[trainY[i] as number] ?? 0) + 1;
  const total = trainY.length;
  return { kind: 'majority', priors: counts.map((c) => (total ? c / total : 1 / k)) };
}

/** The baseline's output for `rows` rows: row-major probabilities, or the mean repeated. */
export function baselineOutput(baseline: Baseline, rows: number): Float64Array {
  if (baseline.kind === 'mean') return new Float64Array(rows).fill(baseline.mean);
  const k = baseline.priors.length;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) out[i * k + c] = baseline.priors[c] ?? 0;
  return out;
}
