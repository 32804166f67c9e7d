import type { FeatureType, InputIssue, Task } from '../../contracts.js';
import type { DatetimePart } from '../datetime-parts.js';

/** How one numeric value becomes one output column: impute, then (x - center) / scale. */
export interface NumericStep {
  impute: number;
  center: number;
  scale: number;
}

export type PipelineFeature =
  | { name: string; kind: 'numeric'; impute_strategy: 'median' | 'mean' | 'constant'; step: NumericStep }
  | { name: string; kind: 'boolean'; impute: number }
  | {
      name: string;
      kind: 'categorical';
      impute_strategy: 'most_frequent' | 'missing_level';
      /** Label used for missing values (the most frequent one, or `__missing__`). */
      impute: string;
      categories: string[];
    }
  | { name: string; kind: 'datetime'; parts: { part: DatetimePart; step: NumericStep }[] };

/** The fitted step of one feature kind (the variant a `FeatureKind<K>` fits and encodes). */
export type PipelineFeatureOf<K extends FeatureType> = Extract<PipelineFeature, { kind: K }>;

export interface PipelineTarget {
  name: string;
  task: Task;
  /** Classification: the label of each class index (sorted). */
  classes: string[] | null;
  /** Regression: y_scaled = (y - center) / scale (center 0, scale 1 when not scaled). */
  center: number;
  scale: number;
}

/** `pipeline.json`: everything needed to turn raw rows into model inputs, fitted on train. */
export interface FittedPipeline {
  version: 1;
  features: PipelineFeature[];
  /** The name of each output column (`island=Biscoe`, `Year.year`, ...), in order. */
  outputs: string[];
  width: number;
  target: PipelineTarget;
  /** Strings that mean "missing" in input rows (data.na_values). */
  na_values: string[];
  scaler: 'standard' | 'minmax' | 'none';
}

/** The output of a transform: a dense row-major matrix and the problems met. */
export interface TransformResult {
  x: Float32Array;
  rows: number;
  width: number;
  issues: InputIssue[];
}

/**
 * How rows become model inputs: `onehot` (imputed, scaled, one column per category: the MLP's
 * input) or `ordinal` (raw values, NaN when missing, a category's index: tree models' input).
 */
export type InputEncoding = 'onehot' | 'ordinal';

/** One column of an encoded matrix: what a model needs to know to split on it. */
export interface EncodedColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  /** `categorical` only: values are indices 0 … categories - 1 (NaN = missing or unseen). */
  categories?: number;
}

/** A dense row-major float64 matrix and the meaning of each of its columns. */
export interface EncodedMatrix {
  x: Float64Array;
  rows: number;
  width: number;
  columns: EncodedColumn[];
}

export const MISSING_LEVEL = '__missing__';
