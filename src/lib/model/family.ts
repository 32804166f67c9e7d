import type { MlxConfig } from '../config/index.js';
import type { InputEncoding } from '../data/index.js';

/**
 * How a family wants its inputs, both made from the same fitted `pipeline.json`: `onehot` = imputed,
 * scaled numbers and one-hot categories (neural and linear models); `ordinal` = raw numbers with NaN for
 * missing and category codes (tree models, which handle both natively).
 */
export type { InputEncoding } from '../data/index.js';

/** Encoded rows: a dense row-major matrix in the family's encoding. */
export interface ScorerInput {
  x: Float32Array | Float64Array;
  rows: number;
  width: number;
}

/**
 * A loaded model without its preprocessing: encoded rows in, raw outputs out (row-major class
 * probabilities, or the target in the scale the model was trained on). The Predictor wraps it.
 */
export interface Scorer {
  score(input: ScorerInput): Float32Array | Float64Array;
  dispose(): void;
}

export interface LoadOptions {
  /** The compute backend where a family has a choice (tfjs: `train.backend`). */
  backend?: MlxConfig['train']['backend'];
}

/**
 * The inference half of a model family: the files it keeps in a bundle and how they load. The
 * training half is a `Trainer` (src/lib/train) of the same name, so a bundle loads without the trainer.
 */
export interface ModelFamily {
  /** Recorded in lineage.json as `family`: how the bundle loads. */
  readonly name: string;
  /** The `model.type` values of the config this family trains and serves. */
  readonly types: readonly string[];
  /** The file format of its model files, recorded in lineage.json. */
  readonly format: string;
  readonly encoding: InputEncoding;
  /** The bundle files it writes (checked against MANIFEST.sha256 like every other file). */
  readonly files: readonly string[];
  /** The file whose sha256 is `weightsSha256` in lineage.json (what `runs verify` compares). */
  readonly weightsFile: string;
  /** Loads the family's files from a bundle directory whose manifest was verified. */
  load(dir: string, options: LoadOptions): Promise<Scorer>;
}
