import { mulberry32, permutation } from '../../random.js';
import type { ColumnSource } from '../compute.js';
import type { ColumnKind, MultivariateDrift } from '../types.js';
import { permutationAuc } from './auc.js';
import { type DomainData, encodeDomain, sampleRows, takeRows } from './encode.js';

/**
 * Trains a classifier on `train` (y: 1 = current row) and returns a score per row of `test` (higher =
 * more like the current data). Injected: the drift module does not train models itself.
 */
export type DomainFitScore = (train: DomainData, test: DomainData, seed: number) => Promise<Float64Array>;

export interface DomainClassifierOptions {
  reference: ColumnSource;
  current: ColumnSource;
  features: readonly { name: string; kind: ColumnKind }[];
  fitScore: DomainFitScore;
  /** The model family behind `fitScore` (reported). */
  model: string;
  /** The smallest level the p-value must resolve (e.g. fdr / tests): sets the number of permutations. */
  level: number;
  /** Rows per side at most (seeded subsample). Default 2 000. */
  maxRows?: number;
  seed?: number;
}

export const DOMAIN_CLASSIFIER_DEFAULTS = { maxRows: 2000, seed: 20_171 } as const;
const FOLDS = 2;
const MIN_PERMUTATIONS = 999;
const MAX_PERMUTATIONS = 100_000;

/**
 * Permutations per fold so that the smallest attainable p-value (folds / (B + 1) after Bonferroni) is
 * a tenth of `level` or less: the permutation resolution never hides a decisive result.
 */
export function permutationsFor(level: number): number {
  const needed = Math.ceil((10 * FOLDS) / level) - 1;
  return Math.min(MAX_PERMUTATIONS, Math.max(MIN_PERMUTATIONS, needed));
}

/** Two stratified halves (each side split in two at random). */
function halves(data: DomainData, nRef: number, random: () => number): [Uint32Array, Uint32Array] {
  const a: number[] = [];
  const b: number[] = [];
  for (const [start, count] of [
    [0, nRef],
    [nRef, data.rows - nRef],
  ] as const) {
    const order = permutation(count, random);
    order.forEach((k, i) => {
      (i % 2 === 0 ? a : b).push(start + k);
    });
  }
  return [Uint32Array.from(a).sort(), Uint32Array.from(b).sort()];
}

/**
 * The domain-classifier test: subsample ≤ maxRows rows a side, split both sides into two halves, train
 * on one half and compute the held-out AUC on the other (and the other way round), with a permutation
 * p-value per fold combined by Bonferroni. Seeded throughout: the same inputs give the same result.
 * Returns null when a side has fewer than 10 rows or there is no feature.
 */
export async function domainClassifierTest(
  options: DomainClassifierOptions,
): Promise<Omit<MultivariateDrift, 'pValueAdjusted' | 'drifted'> | null> {
  const maxRows = options.maxRows ?? DOMAIN_CLASSIFIER_DEFAULTS.maxRows;
  const random = mulberry32(options.seed ?? DOMAIN_CLASSIFIER_DEFAULTS.seed);
  const features = options.features.filter(
    (f) => options.reference.column(f.name) !== undefined && options.current.column(f.name) !== undefined,
  );
  if (features.length === 0 || options.reference.rows < 10 || options.current.rows < 10) return null;
  const picks = {
    reference: sampleRows(options.reference.rows, maxRows, random),
    current: sampleRows(options.current.rows, maxRows, random),
  };
  const data = encodeDomain(options.reference, options.current, features, picks);
  const folds = halves(data, picks.reference.length, random);
  const permutations = permutationsFor(options.level);
  const foldAuc: number[] = [];
  const foldP: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const test = takeRows(data, folds[f] as Uint32Array);
    const train = takeRows(data, folds[1 - f] as Uint32Array);
    const scores = await options.fitScore(train, test, Math.floor(random() * 2_147_483_647));
    const { auc, pValue } = permutationAuc(scores, test.y, permutations, random);
    foldAuc.push(auc);
    foldP.push(pValue);
  }
  return {
    test: 'domain_classifier',
    model: options.model,
    auc: foldAuc.reduce((s, v) => s + v, 0) / FOLDS,
    foldAuc,
    pValue: Math.min(1, FOLDS * Math.min(...foldP)),
    permutations,
    rows: { reference: picks.reference.length, current: picks.current.length },
    features: features.length,
  };
}
