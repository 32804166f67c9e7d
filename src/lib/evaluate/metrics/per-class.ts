export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall, F1 and support of each class from a confusion matrix (0 where undefined, as scikit-learn). */
export function perClassScores(matrix: readonly (readonly number[])[]): ClassScores[] {
  return matrix.map((row, c) => {
    const tp = row[c] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, r) => sum + (r[c] ?? 0), 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}
