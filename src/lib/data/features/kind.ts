import type { z } from 'zod';
import type { MlxConfig } from '../../config/index.js';
import type { DistinctValues, FeatureContract, InputIssue } from '../../contracts.js';
import type { EncodedColumn, PipelineFeature } from '../pipeline/types.js';
import type { Violation } from '../validate/types.js';
import type { ValidationPolicy } from './policy.js';

export type { ValidationPolicy } from './policy.js';

/** Why a value accepted in warn mode is outside the training contract (or was missing and imputed). */
export type RequestWarningKind = 'out_of_range' | 'unknown_category' | 'missing';

/** A warn-mode check of one request value, built once per model: the warning's kind, or null. */
export type WarningCheck = (value: unknown) => RequestWarningKind | null;

/**
 * The plain-function twin of `requestSchema` for a present, non-null value: true only when the schema
 * accepts the value as it is (a fast path for valid requests; anything else goes through zod, which
 * words the errors). Built once per model.
 */
export type RequestAccepts = (value: unknown) => boolean;

/** Records a problem at the transform's current position (one reporter per transform, no closure per value). */
export type IssueReporter = (kind: InputIssue['kind'], message: string) => void;

/** A row-major model matrix: Float32Array for tfjs, Float64Array for everything else. */
export type NumberMatrix = Float32Array | Float64Array;

/** What fitting a feature may read besides its train column. */
export interface FitContext {
  /** Strings that mean "missing" (data.na_values). */
  na: ReadonlySet<string>;
  preprocess: MlxConfig['preprocess'];
}

/** What checking a column may read besides its contract. */
export interface CheckContext {
  na: ReadonlySet<string>;
  /** More distinct labels than this is a warning (data.checks.max_categories). */
  maxCategories: number;
  /** The same column as codes into its distinct values, when it is kept so: a check may judge each value once. */
  distinct?: DistinctValues | undefined;
}

/**
 * One feature type, end to end: how its raw values coerce, how its pipeline step is fitted on the
 * train column and encodes values (one-hot/scaled for the MLP, ordinal for trees), how a column is
 * checked against its contract, and what a request value must look like. Each kind is generic over
 * its own `PipelineFeature` variant `F`; the registry (`features/index.ts`) has one line per kind.
 */
export interface FeatureKind<F extends PipelineFeature = PipelineFeature, V = unknown> {
  readonly type: F['kind'];
  /** Valid values as a plural phrase, for messages ("numbers", "labels"). */
  readonly plural: string;
  /** A raw value (file cell, JSON value) as this kind reads it; see `coerce.ts` for the conventions. */
  coerce(value: unknown, na?: ReadonlySet<string>): V;
  /** Fits the pipeline step on the train column only (no leakage from val/test). */
  fit(contract: FeatureContract, values: ArrayLike<unknown>, context: FitContext): F;
  /** The name of each one-hot output column (`island=Biscoe`, `date.year`). */
  outputNames(feature: F): string[];
  /** The number of one-hot output columns (= `outputNames(feature).length`, without allocating). */
  width(feature: F): number;
  /** Writes one value's one-hot/scaled encoding at `out[at ...]` (imputing, and reporting, problems). Never throws. */
  encode(
    feature: F,
    value: unknown,
    out: NumberMatrix,
    at: number,
    na: ReadonlySet<string>,
    report: IssueReporter,
  ): void;
  /**
   * Optional, for a column read as numbers (a Float64Array, NaN = missing): writes every row's encoding
   * at `out[row × width + offset]` (width 1), exactly what `encode` writes value by value, without a call
   * per value. `report` gets the row of each problem.
   */
  encodeNumbers?(
    feature: F,
    values: Float64Array,
    rows: number,
    out: NumberMatrix,
    place: { width: number; offset: number },
    report: (row: number, kind: InputIssue['kind'], message: string) => void,
  ): void;
  /** The ordinal columns of this feature (one, or one per datetime part). */
  ordinalColumns(feature: F): EncodedColumn[];
  /** Writes one value's ordinal encoding at `out[at ...]`: raw numbers or category indices, NaN when missing. */
  encodeOrdinal(feature: F, value: unknown, out: Float64Array, at: number, na: ReadonlySet<string>): void;
  /** Checks a column against its contract: type, missing fraction, range, allowed values, cardinality. */
  check(contract: FeatureContract, values: ArrayLike<unknown>, context: CheckContext): Violation[];
  /** The zod schema of one (present) request value; serving adds optionality for `required: false`. */
  requestSchema(contract: FeatureContract, policy: ValidationPolicy): z.ZodType;
  /** `requestSchema`'s verdict as a plain function: never true where the schema would reject the value. */
  requestAccepts(contract: FeatureContract, policy: ValidationPolicy): RequestAccepts;
  /** The warn-mode check of a request value, or null when this feature has nothing to warn about. */
  warning(contract: FeatureContract, policy: ValidationPolicy): WarningCheck | null;
  /** An example request value for the API docs, when the contract lists no allowed values. */
  example(contract: FeatureContract): unknown;
}
