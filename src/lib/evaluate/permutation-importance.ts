import type { ColumnSource, ModelOutputs } from '../contracts.js';
import { mulberry32, permutation } from '../random.js';
import { logLoss, rmse } from './metrics/index.js';

/** How much worse the model gets when one feature's values are shuffled (Breiman; scikit-learn's permutation_importance). */
export interface PermutationImportance {
  /** The loss measured: `log_loss` (classification) or `rmse` (regression, target units); lower is better. */
  metric: 'log_loss' | 'rmse';
  /** The split the rows come from (`test`). */
  split: string;
  /** Rows scored (a seeded sample when the split is larger than `maxRows`). */
  rows: number;
  /** Shuffles per feature. */
  repeats: number;
  seed: number;
  /** The loss on the rows as they are. */
  score: number;
  /** Per feature, in input order: the mean increase of the loss over the repeats, and its standard deviation. */
  features: { name: string; mean: number; std: number }[];
}

export interface PermutationOptions {
  /** Scores rows (a Predictor's `predictColumns`). */
  predict(source: ColumnSource): ModelOutputs;
  source: ColumnSource;
  /** The input features to shuffle, one at a time (raw columns of `source`). */
  features: readonly string[];
  /** Actual class index per row, or the value in target units. */
  yTrue: ArrayLike<number>;
  split: string;
  seed: number;
  /** Rows at most (default 2000): a larger split is sampled with the seed. */
  maxRows?: number;
  /** Shuffles per feature at most (default 5). */
  maxRepeats?: number;
  /** Rows predicted in total at most (default 500 000): fewer repeats on wide data. */
  budget?: number;
}

function loss(outputs: ModelOutputs, yTrue: ArrayLike<number>): number {
  if (outputs.task === 'classification') return logLoss(yTrue, outputs.probabilities, outputs.classes.length);
  return rmse(yTrue, outputs.values);
}

/** The chosen rows of every column, copied once; `replace` swaps one column for a shuffled copy. */
function sampled(
  source: ColumnSource,
  rows: Uint32Array,
): ColumnSource & { replace(name: string, values: unknown[] | null): void } {
  const cache = new Map<string, unknown[] | undefined>();
  let swapped: { name: string; values: unknown[] } | null = null;
  const base = (name: string) => {
    if (!cache.has(name)) {
      const column = source.column(name);
      cache.set(name, column ? Array.from(rows, (r) => column[r]) : undefined);
    }
    return cache.get(name);
  };
  return {
    rows: rows.length,
    column: (name) => (swapped?.name === name ? swapped.values : base(name)),
    replace(name, values) {
      swapped = values ? { name, values } : null;
    },
  };
}

/**
 * Permutation importance of every feature on one split, through the model's own predict path (so it
 * works for every family): deterministic for a seed, and bounded in cost (`maxRows` × features × repeats
 * predicted rows, within `budget`).
 */
export function permutationImportance(options: PermutationOptions): PermutationImportance | null {
  const n = options.source.rows;
  const features = options.features.filter((name) => options.source.column(name) !== undefined);
  if (n === 0 || features.length === 0) return null;
  const random = mulberry32(options.seed);
  const maxRows = options.maxRows ?? 2000;
  const chosen =
    n > maxRows ? permutation(n, random).subarray(0, maxRows).sort() : Uint32Array.from({ length: n }, (_, i) => i);
  const rows = chosen.length;
  const repeats = Math.max(
    1,
    Math.min(options.maxRepeats ?? 5, Math.floor((options.budget ?? 500_000) / (rows * features.length))),
  );
  const yTrue = Float64Array.from(chosen, (r) => options.yTrue[r] as number);
  const source = sampled(options.source, chosen);
  const first = options.predict(source);
  const score = loss(first, yTrue);
  const results = features.map((name) => {
    const values = source.column(name) as unknown[];
    const deltas: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const order = permutation(rows, random);
      source.replace(
        name,
        Array.from(order, (i) => values[i]),
      );
      deltas.push(loss(options.predict(source), yTrue) - score);
    }
    source.replace(name, null);
    const mean = deltas.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(deltas.reduce((a, d) => a + (d - mean) ** 2, 0) / repeats);
    return { name, mean, std };
  });
  return {
    metric: first.task === 'classification' ? 'log_loss' : 'rmse',
    split: options.split,
    rows,
    repeats,
    seed: options.seed,
    score,
    features: results,
  };
}
