/** The shapes of a drift computation: what `mlx drift --json` prints and GET /v1/drift answers. */

import type { DriftMethod, DriftTestName } from '../config/sections/drift.js';

export type { DriftMethod, DriftTestName } from '../config/sections/drift.js';
export type ColumnKind = 'numeric' | 'categorical';

/** Reference-vs-current shares for the report's charts (bins for numeric, values for categorical). */
export type ColumnChart =
  | { kind: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categorical'; categories: string[]; reference: number[]; current: number[] };

export interface SideSummary {
  rows: number;
  /** Values that were null, NaN or ±Infinity (dropped before testing, as Evidently does). */
  missing: number;
  missingShare: number;
}

export interface ColumnDrift {
  column: string;
  /** `feature` for model inputs, `prediction` for the model's output. */
  role: 'feature' | 'prediction';
  kind: ColumnKind;
  test: DriftTestName;
  /** p-value for ks / chisquare / z / chi2_contingency, a distance for wasserstein / jensenshannon / psi. */
  score: number;
  scoreKind: 'p_value' | 'distance';
  /**
   * What `score` is compared with. mlx: the raw p-value cut-off the correction across columns came to
   * (p ≤ threshold ⇔ corrected p ≤ drift.fdr).
   */
  threshold: number;
  /** mlx: significant after the correction and an effect size at or above the floor. */
  drifted: boolean;
  /** mlx: the p-value corrected across the evaluated columns (Benjamini–Hochberg or Holm); evidently: null. */
  pValueAdjusted: number | null;
  /** mlx: the effect size and the floor it must reach; evidently: null. */
  effectSize: EffectSize | null;
  /** The population stability index, reported for every column. */
  psi: number;
  reference: SideSummary;
  current: SideSummary;
  /** current.missingShare − reference.missingShare. */
  missingShareChange: number;
  chart: ColumnChart;
}

/** How big the difference is, whatever the sample size: normed Wasserstein (numbers), Jensen–Shannon (categories). */
export interface EffectSize {
  measure: 'wasserstein' | 'jensenshannon';
  value: number;
  floor: number;
}

/** How the dataset verdict was reached, with one sentence on what its false-alarm rate means. */
export type DriftDecision =
  | { method: 'evidently'; share: number; explanation: string }
  | {
      method: 'mlx';
      correction: 'bh' | 'holm';
      /** Level of the correction: the bound on the false-alarm rate when nothing drifted. */
      fdr: number;
      effectSizeFloor: { numeric: number; categorical: number };
      explanation: string;
    };

/**
 * The multivariate test: a classifier trained to tell reference rows from current rows. On two
 * disjoint halves it is trained on one and scored on the other (2-fold cross-fitting); an AUC near
 * 0.5 means the sides cannot be told apart.
 */
export interface MultivariateDrift {
  test: 'domain_classifier';
  /** The model family of the classifier (e.g. `gbdt`). */
  model: string;
  /** Mean held-out AUC of the two folds. */
  auc: number;
  foldAuc: number[];
  /**
   * Permutation p-value: per fold, the share of label permutations of the held-out rows whose AUC is
   * at least the observed one ((1 + count) / (permutations + 1), exact given the other fold), then
   * Bonferroni over the two folds.
   */
  pValue: number;
  /** Permutations per fold. */
  permutations: number;
  /** Rows used per side (after the seeded subsample). */
  rows: { reference: number; current: number };
  /** Features the classifier saw. */
  features: number;
  /** mlx: the p-value corrected together with the per-column p-values. */
  pValueAdjusted: number | null;
  drifted: boolean;
}

export interface SkippedColumn {
  column: string;
  reason: string;
}

export interface DriftResult {
  status: 'ok' | 'insufficient_data';
  /** `mlx` (controlled false-alarm rate) or `evidently` (Evidently's defaults exactly). */
  method: DriftMethod;
  decision: DriftDecision;
  /** One line for people: the verdict or why nothing was computed. */
  message: string;
  generatedAt: string;
  model: { name: string; version: string | null } | null;
  window: { since: string | null; until: string | null } | null;
  referenceRows: number;
  currentRows: number;
  minSamples: number;
  columns: ColumnDrift[];
  prediction: ColumnDrift | null;
  skipped: SkippedColumn[];
  /** The multivariate test (drift.multivariate), null when off. */
  multivariate: MultivariateDrift | null;
  driftedColumns: number;
  evaluatedColumns: number;
  /** driftedColumns / evaluatedColumns (0 when nothing was evaluated). */
  driftShare: number;
  /** evidently: dataset drift when driftShare ≥ this (drift.share); mlx reports it but does not vote. */
  shareThreshold: number;
  datasetDrift: boolean;
}
