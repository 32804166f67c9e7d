import { LossKind } from './kernels.js';
import type { GbdtData } from './types.js';

const EPS = 2.220446049250313e-16; // numpy.finfo(float64).eps

/** The loss of a task: squared error, binary log-loss (1 tree per iteration) or softmax (k trees). */
export function lossKindOf(data: Pick<GbdtData, 'task' | 'classes'>): { kind: LossKind; treesPerIteration: number } {
  if (data.task === 'regression') return { kind: LossKind.squared, treesPerIteration: 1 };
  if (data.classes === 2) return { kind: LossKind.binomial, treesPerIteration: 1 };
  return { kind: LossKind.multinomial, treesPerIteration: data.classes };
}

function weightedMean(values: (i: number) => number, rows: number, weights: Float64Array | null | undefined): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights ? (weights[i] as number) : 1;
    sum += w * values(i);
    total += w;
  }
  return sum / total;
}

/**
 * Raw score of the intercept-only model, per tree column (scikit-learn's `fit_intercept_only`):
 * the weighted mean for squared error, its logit for binary log-loss (clipped to 10 eps), the
 * symmetric multinomial logit of the class frequencies for softmax (clipped to eps).
 */
export function baselineOf(kind: LossKind, data: GbdtData): Float64Array {
  const { y, rows, weights } = data;
  switch (kind) {
    case LossKind.squared:
      return Float64Array.of(weightedMean((i) => y[i] as number, rows, weights));
    case LossKind.binomial: {
      const p = Math.min(
        Math.max(
          weightedMean((i) => y[i] as number, rows, weights),
          10 * EPS,
        ),
        1 - 10 * EPS,
      );
      return Float64Array.of(Math.log(p / (1 - p)));
    }
    case LossKind.multinomial: {
      const k = data.classes;
      const p = Array.from({ length: k }, (_, c) =>
        Math.min(
          Math.max(
            weightedMean((i) => (y[i] === c ? 1 : 0), rows, weights),
            EPS,
          ),
          1 - EPS,
        ),
      );
      const geometricMean = Math.exp(p.reduce((a, v) => a + Math.log(v), 0) / k);
      return Float64Array.from(p, (v) => Math.log(v / geometricMean));
    }
    default:
      return kind satisfies never;
  }
}

/** scikit-learn's `_should_stop`: none of the last n scores beats the one before them by more than tol. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const reference = nIterNoChange + 1;
  if (scores.length < reference) return false;
  const referenceScore = (scores[scores.length - reference] as number) + tol;
  for (let i = scores.length - reference + 1; i < scores.length; i++) {
    if ((scores[i] as number) > referenceScore) return false;
  }
  return true;
}
