/**
 * The shapes that cross module boundaries: data → model/train → serving → drift.
 * Owners: the data pipeline owns InputSchema/FittedPipeline, the model owns Predictor/BundleInfo.
 * Change a shape here first, then both sides.
 */

/** `datetime` inputs are ISO strings (or epoch ms) that the pipeline turns into numeric parts. */
export type FeatureType = 'numeric' | 'categorical' | 'boolean' | 'datetime';
export type Task = 'classification' | 'regression';
export type Scalar = string | number | boolean | null;
/** One input record as a user sends it (CSV row, JSON object, HTTP instance). */
export type Row = Record<string, unknown>;

/** `schema.json` of a bundle: the input contract that `mlx data validate` and `mlx serve` enforce. */
export interface InputSchema {
  version: 1;
  features: FeatureContract[];
  target: { name: string; task: Task; classes: string[] | null };
}

export interface FeatureContract {
  name: string;
  type: FeatureType;
  required: boolean;
  /** Numeric range seen/allowed (null = unbounded). */
  min: number | null;
  max: number | null;
  /** Allowed categories (categorical/boolean), null = any. */
  allowed: Scalar[] | null;
  /**
   * `soft`: min/max/allowed are what training observed, and a value outside them only warns; `hard`
   * (absent in bundles written before soft limits existed): a declared contract, enforced by the
   * `inputs` policy.
   */
  limits?: 'hard' | 'soft';
  /** Largest fraction of missing values a file may have (0–1); absent = 1. */
  max_missing?: number;
  /** `datetime` only: the derived numeric parts (year, month, dayofweek, ...). */
  parts?: string[];
}

/** A feature-level problem found while transforming rows (warn mode) or validating. */
export interface InputIssue {
  row: number;
  feature: string;
  kind: 'missing' | 'type' | 'out_of_range' | 'unknown_category';
  message: string;
}

/** One prediction as returned by `mlx predict` and `POST /v1/predict`. */
export type Prediction = { label: string; probabilities: Record<string, number> } | { value: number };

/** Column-oriented data: `column(name)` gives that column's values (undefined when absent). */
export interface ColumnSource {
  rows: number;
  column(name: string): ArrayLike<unknown> | undefined;
  /**
   * The column as codes into its distinct values, when the source keeps it so (dictionary-coded text):
   * encoders then work once per distinct value. Undefined otherwise (then `column` is read).
   */
  distinct?(name: string): DistinctValues | undefined;
}

/** A column as one code per row into its distinct values. */
export interface DistinctValues {
  codes: ArrayLike<number>;
  values: readonly unknown[];
}

/** Raw model outputs for many rows: class probabilities (row-major, rows × classes) or values in target units. */
export type ModelOutputs =
  | { task: 'classification'; classes: string[]; probabilities: Float32Array | Float64Array }
  | { task: 'regression'; values: Float64Array };

/**
 * A loaded model, the one way every path scores: training's final scores, evaluate, predict, serve and
 * drift's prediction drift. Built by the bundle's model family.
 */
export interface Predictor {
  readonly info: BundleInfo;
  readonly schema: InputSchema;
  /** Validates nothing: callers validate against `schema` first. One batched model call. */
  predict(rows: readonly Row[]): Prediction[];
  /** Raw outputs for a whole table at once (evaluation, large batches): no per-row objects. */
  predictColumns(data: ColumnSource): ModelOutputs;
  dispose(): void;
}

export interface BundleInfo {
  name: string;
  version: number | null;
  runId: string;
  createdAt: string;
  task: Task;
  dir: string;
  metrics: Record<string, unknown>;
  lineage: Record<string, unknown>;
}

/**
 * One row of the prediction store (`var/predictions.sqlite`, table `predictions`): one per
 * predicted instance. Written by serving, read by drift and `mlx predictions export`.
 */
export interface StoredPrediction {
  id: number;
  /** Epoch milliseconds. */
  ts: number;
  requestId: string;
  modelName: string;
  modelVersion: string;
  inputs: Row;
  outputs: Prediction;
  latencyMs: number;
}
