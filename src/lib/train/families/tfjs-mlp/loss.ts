/**
 * The loss heads of training, on the network's output rows: the batch loss (what the history reports)
 * and its gradient with respect to the output, written into `grad`. Computed in float64 per row (a few
 * values per row: not worth a kernel), stored as float32. L2 is applied by the optimiser as weight decay.
 */

/**
 * Softmax cross-entropy of logits against one-hot targets, as tfjs's `losses.softmaxCrossEntropy`:
 * the mean over rows, or with per-row weights Σ wᵣ·ceᵣ / rows (all weights are positive). Gradient
 * wᵣ·(softmax − target) / rows.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  targets: Float32Array,
  weights: Float32Array | null,
  rows: number,
  classes: number,
  grad: Float32Array,
): number {
  const exps = new Float64Array(classes);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[at + c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[at + c] as number) - max);
      exps[c] = e;
      sum += e;
    }
    const logSum = Math.log(sum);
    const w = weights ? (weights[r] as number) : 1;
    let ce = 0;
    for (let c = 0; c < classes; c++) {
      const y = targets[at + c] as number;
      // −log softmax = log Σ exp(z − max) − (z − max)
      ce += y * (logSum - ((logits[at + c] as number) - max));
      grad[at + c] = (w * ((exps[c] as number) / sum - y)) / rows;
    }
    total += w * ce;
  }
  return total / rows;
}

/** Mean squared error of one output per row; gradient 2·(output − target) / rows. */
export function meanSquaredError(
  output: Float32Array,
  targets: Float32Array,
  rows: number,
  grad: Float32Array,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const d = (output[r] as number) - (targets[r] as number);
    total += d * d;
    grad[r] = (2 * d) / rows;
  }
  return total / rows;
}
