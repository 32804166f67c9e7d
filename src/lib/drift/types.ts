/** The shapes of a drift computation: what `mlx drift --json` prints and GET /v1/drift answers. */

import type { DriftTestName } from '../config/sections/drift.js';

export type { DriftTestName } from '../config/sections/drift.js';
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
  /** p-value for ks / chisquare / z, a distance for wasserstein / jensenshannon / psi. */
  score: number;
  scoreKind: 'p_value' | 'distance';
  threshold: number;
  drifted: boolean;
  /** The population stability index, reported for every column. */
  psi: number;
  reference: SideSummary;
  current: SideSummary;
  /** current.missingShare − reference.missingShare. */
  missingShareChange: number;
  chart: ColumnChart;
}

export interface SkippedColumn {
  column: string;
  reason: string;
}

export interface DriftResult {
  status: 'ok' | 'insufficient_data';
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
  driftedColumns: number;
  evaluatedColumns: number;
  /** driftedColumns / evaluatedColumns (0 when nothing was evaluated). */
  driftShare: number;
  shareThreshold: number;
  datasetDrift: boolean;
}
