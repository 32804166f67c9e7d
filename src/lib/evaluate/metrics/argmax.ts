/** Predicted class per row: the index of the largest probability (first wins on ties). */
export function argmaxRows(probs: ArrayLike<number>, k: number): Int32Array {
  const rows = Math.floor(probs.length / k);
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
    out[i] = best;
  }
  return out;
}
