import type { MlxConfig } from '../config/index.js';
import type { Task } from '../contracts.js';
import type { InputEncoding } from '../data/index.js';
import type { GraphBuilder } from './export/onnx/graph-builder.js';

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

/** What a family's ONNX exporter adds its nodes to: the graph so far, holding the encoded input rows. */
export interface OnnxScorerContext {
  graph: GraphBuilder;
  /** The encoded rows in the family's encoding, [N, width]: float32 for `onehot`, double for `ordinal`. */
  input: string;
  width: number;
  task: Task;
  /** Classification: the number of classes (the columns of the scores). */
  classes: number;
}

/**
 * The ways a family's model can leave mlx, each optional. A family without one cannot be exported in that
 * format (`mlx models export` says so).
 */
export interface FamilyExports {
  /**
   * Adds the model to an ONNX graph (opset 17, ai.onnx.ml 3): encoded rows in, the name of a float32 tensor
   * of raw scores out, as `Scorer.score` gives them ([N, classes] probabilities, or [N, 1] in the scale
   * the model was trained on). Preprocessing and decoding are added around it by `src/lib/model/export`;
   * a tree ensemble adds one `TreeEnsembleClassifier`/`TreeEnsembleRegressor` node here.
   */
  onnx?(dir: string, context: OnnxScorerContext): string;
  /** How the browser export scores: the in-page scorer that reads these bundle files (tfjs-mlp: TensorFlow.js). */
  web?: { scorer: 'tfjs-layers'; files: readonly string[] };
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
  /** Export formats beyond mlx's own bundle (ONNX). */
  readonly export?: FamilyExports;
}
