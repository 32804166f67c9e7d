import type { DriftConfig } from '../../config/sections/drift.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import type { Sample } from '../stats/binning.js';
import { distinctUpTo } from '../stats/frequencies.js';
import { holm } from '../stats/holm.js';
import { DRIFT_TESTS } from '../tests/index.js';
import type { ColumnDrift, ColumnKind, DriftDecision, EffectSize, MultivariateDrift } from '../types.js';

export type MlxOptions = Pick<DriftConfig, 'fdr' | 'correction' | 'effect_size'>;

/** Numbers with at most this many distinct values (both samples) are compared as categories. */
const FEW_VALUES = 5;

/**
 * The mlx method's test for a column: two-sample Kolmogorov–Smirnov for numbers (exact p-value up to
 * 10 000 rows a side, conservative under ties), the chi-square test of homogeneity for categories and
 * for numbers with ≤ 5 distinct values. Both are valid for finite samples of any size.
 */
export function mlxTest(reference: Sample, current: Sample): 'ks' | 'chi2_contingency' {
  return reference.kind === 'numeric' && distinctUpTo(FEW_VALUES, reference.values, current.values) > FEW_VALUES
    ? 'ks'
    : 'chi2_contingency';
}

/** Normed Wasserstein for numeric columns, Jensen–Shannon for categorical ones, with the configured floor. */
export function effectSize(
  reference: Sample,
  current: Sample,
  kind: ColumnKind,
  floors: MlxOptions['effect_size'],
): EffectSize {
  const measure = kind === 'numeric' ? 'wasserstein' : 'jensenshannon';
  return { measure, value: DRIFT_TESTS[measure].score(reference, current), floor: floors[kind] };
}

/** Corrected p-values, in the input order. */
export function adjustPValues(pValues: readonly number[], correction: MlxOptions['correction']): number[] {
  switch (correction) {
    case 'bh':
      return benjaminiHochberg(pValues);
    case 'holm':
      return holm(pValues);
    default:
      return correction satisfies never;
  }
}

/**
 * The raw p-value cut-off a correction came to at level q over m p-values, k of them rejected:
 * BH rejects exactly the p ≤ max(k, 1)·q/m, Holm the p ≤ q/(m − max(k, 1) + 1).
 */
export function rawCutoff(m: number, rejected: number, q: number, correction: MlxOptions['correction']): number {
  const k = Math.max(rejected, 1);
  return correction === 'bh' ? (k * q) / m : q / (m - k + 1);
}

/** Whether an effect reaches its floor. */
const large = (e: EffectSize | null): boolean => e !== null && e.value >= e.floor;

/** The multivariate statistic before the decision. */
export type MultivariateStatistic = Omit<MultivariateDrift, 'pValueAdjusted' | 'drifted'>;

/**
 * The mlx decision over the feature columns (and the multivariate test, when given, as one more
 * member of the family): p-values corrected together, a column drifts when its corrected p-value is
 * ≤ q and its effect size reaches the floor; the multivariate test when its corrected p-value is ≤ q.
 */
export function decideColumns(
  columns: readonly ColumnDrift[],
  options: MlxOptions,
  multivariate: MultivariateStatistic | null = null,
): { columns: ColumnDrift[]; multivariate: MultivariateDrift | null } {
  const pValues = columns.map((c) => c.score);
  if (multivariate) pValues.push(multivariate.pValue);
  const adjusted = adjustPValues(pValues, options.correction);
  const rejected = adjusted.filter((p) => p <= options.fdr).length;
  const threshold = rawCutoff(pValues.length, rejected, options.fdr, options.correction);
  const decided = columns.map((c, i) => {
    const pValueAdjusted = adjusted[i] as number;
    return { ...c, threshold, pValueAdjusted, drifted: pValueAdjusted <= options.fdr && large(c.effectSize) };
  });
  if (!multivariate) return { columns: decided, multivariate: null };
  const pValueAdjusted = adjusted[columns.length] as number;
  return {
    columns: decided,
    multivariate: { ...multivariate, pValueAdjusted, drifted: pValueAdjusted <= options.fdr },
  };
}

/** A single column tested on its own at level q (the prediction column). */
export function decideSingle(column: ColumnDrift, options: MlxOptions): ColumnDrift {
  return {
    ...column,
    threshold: options.fdr,
    pValueAdjusted: column.score,
    drifted: column.score <= options.fdr && large(column.effectSize),
  };
}

const MULTIVARIATE_SENTENCE =
  ', plus one multivariate test: a classifier trained on half of the rows to tell reference from current is scored on the other half (and the other way round); its p-value is the share of random relabellings of the held-out rows with an AUC at least as high (exact for any sample size), Bonferroni over the two halves';

const CORRECTION_NAMES = { bh: 'Benjamini–Hochberg', holm: 'Holm' } as const;

/** What the mlx verdict means, in one plain-English sentence (plus the guarantee's condition). */
export function mlxDecision(options: MlxOptions, columns: number, multivariate = false): DriftDecision {
  const q = options.fdr;
  const pct = `${Number((q * 100).toPrecision(3))} %`;
  const floors = `normed Wasserstein ≥ ${options.effect_size.numeric} for numbers, Jensen–Shannon ≥ ${options.effect_size.categorical} for categories`;
  const tests = multivariate ? columns + 1 : columns;
  const guarantee =
    options.correction === 'bh'
      ? `If no column's distribution changed, a dataset alarm is raised at most ${pct} of the time (columns independent or positively dependent; drift.correction=holm guarantees it under any dependence), and when some did change, on average at most ${pct} of the flagged columns are false alarms.`
      : `If no column's distribution changed, a dataset alarm is raised at most ${pct} of the time whatever the dependence between columns, and the chance that any unchanged column is flagged is at most ${pct}.`;
  return {
    method: 'mlx',
    correction: options.correction,
    fdr: q,
    effectSizeFloor: { ...options.effect_size },
    explanation: `mlx method: each of the ${columns} columns is tested for a change of distribution (Kolmogorov–Smirnov for numbers, chi-square homogeneity for categories)${multivariate ? MULTIVARIATE_SENTENCE : ''}, the ${tests} p-values are corrected together with ${CORRECTION_NAMES[options.correction]} at ${q}, and a column drifts only if its corrected p-value is ≤ ${q} and the change is large enough to matter (${floors})${multivariate ? `; the multivariate test drifts when its corrected p-value is ≤ ${q}` : ''}. Dataset drift = any of them drifted. ${guarantee} The effect-size floor only removes flags, so it can only lower these rates.`,
  };
}

/**
 * The warning for `drift.columns.<c>.test`/`.threshold` keys set while the mlx method (which chooses its
 * own tests and ignores them) is configured, or null. Said by `mlx drift` and by `mlx serve`'s monitor.
 */
export function ignoredOverridesWarning(drift: DriftConfig): string | null {
  if ((drift.method ?? 'mlx') !== 'mlx') return null;
  const keys = Object.entries(drift.columns).flatMap(([column, override]) =>
    (['test', 'threshold'] as const)
      .filter((key) => override?.[key] !== undefined && override?.[key] !== null)
      .map((key) => `drift.columns.${column}.${key}`),
  );
  return keys.length === 0
    ? null
    : `${keys.join(', ')}: a column's test and threshold apply with drift.method=evidently; the mlx method chooses its tests and corrects them across columns, so these keys are ignored`;
}
