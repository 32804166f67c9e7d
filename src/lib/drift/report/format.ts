import { DRIFT_TESTS, perTest } from '../tests/index.js';
import type { ColumnDrift, MultivariateDrift } from '../types.js';

/** A score for people: p-values in scientific notation when tiny, distances with 4 decimals. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return value.toFixed(4);
}

/** A threshold for people: at most 4 significant digits (0.05 stays 0.05, 0.016666… becomes 0.01667). */
export const formatThreshold = (value: number): string => String(Number(value.toPrecision(4)));

/**
 * "≤ 0.05" / "≥ 0.1": how the score is compared with the threshold, by the test's registered rule;
 * mlx columns add the effect-size floor ("≤ 0.01667 & effect ≥ 0.1").
 */
export function thresholdText(
  c: Pick<ColumnDrift, 'test' | 'threshold'> & Partial<Pick<ColumnDrift, 'effectSize'>>,
): string {
  const rule = `${DRIFT_TESTS[c.test].rule} ${formatThreshold(c.threshold)}`;
  return c.effectSize ? `${rule} & effect ≥ ${c.effectSize.floor}` : rule;
}

/** "normed Wasserstein 0.2310 (floor 0.1)": an mlx column's effect size. */
export function effectText(c: Pick<ColumnDrift, 'effectSize'>): string {
  const e = c.effectSize;
  if (!e) return '—';
  return `${e.measure === 'wasserstein' ? 'normed Wasserstein' : 'Jensen–Shannon'} ${formatScore(e.value)} (floor ${e.floor})`;
}

/** The report's label per test (from the registry). */
export const TEST_LABELS = perTest((t) => t.label);

/** "W 0.2310" / "JS 0.0400": an mlx column's effect size in a narrow table cell. */
export function effectShort(c: Pick<ColumnDrift, 'effectSize'>): string {
  const e = c.effectSize;
  if (!e) return '—';
  return `${e.measure === 'wasserstein' ? 'W' : 'JS'} ${formatScore(e.value)}`;
}

/** One line on the multivariate test: what ran, its AUC, its p-values and the verdict. */
export function multivariateText(m: MultivariateDrift): string {
  const adjusted = m.pValueAdjusted === null ? '' : `, corrected p ${formatScore(m.pValueAdjusted)}`;
  return `domain classifier (${m.model}, ${m.features} features, ${m.rows.reference} / ${m.rows.current} rows, 2-fold): AUC ${m.auc.toFixed(3)}, permutation p ${formatScore(m.pValue)} (${m.permutations} permutations a fold)${adjusted}: ${m.drifted ? 'drift' : 'no drift'}`;
}
