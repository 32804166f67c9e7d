import type { ColumnSource, ModelOutputs, Prediction, Predictor, Row } from '../contracts.js';
import {
  decodeTarget,
  encodeColumns,
  encodeRows,
  type FittedPipeline,
  transformColumns,
  transformRows,
} from '../data/index.js';
import { MlxError } from '../errors.js';
import { countNonFinite, firstNonFinite } from '../finite.js';
import { type LoadedBundle, loadBundle } from './bundle.js';
import type { InputEncoding, LoadOptions, Scorer } from './family.js';

/** Loads a bundle (MANIFEST checked), its model through the bundle's family, and returns its Predictor. */
export async function createPredictor(dir: string, options: LoadOptions = {}): Promise<Predictor> {
  const bundle = loadBundle(dir);
  const scorer = await bundle.family.load(dir, options);
  return predictorFor(scorer, bundle, bundle.family.encoding);
}

const NO_ISSUES = { reportMissing: false, maxIssues: 0 };

/**
 * The Predictor of a model: rows → the family's encoding (the bundle's fitted pipeline) → the scorer →
 * decoded predictions. Training builds one over its in-memory model to score the splits the same way.
 */
export function predictorFor(
  scorer: Scorer,
  bundle: Pick<LoadedBundle, 'info' | 'schema' | 'pipeline'>,
  encoding: InputEncoding,
): Predictor {
  const pipeline = bundle.pipeline;
  // onehot keeps the float32 transform (what the tfjs models take); ordinal is float64 (raw values).
  const fromRows = (rows: readonly Row[]) =>
    encoding === 'onehot' ? transformRows(pipeline, rows, NO_ISSUES) : encodeRows(pipeline, rows, encoding);
  const fromColumns = (data: ColumnSource) =>
    encoding === 'onehot' ? transformColumns(pipeline, data, NO_ISSUES) : encodeColumns(pipeline, data, encoding);
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error('the predictor was disposed');
  };
  return {
    info: bundle.info,
    schema: bundle.schema,
    predict(rows: readonly Row[]): Prediction[] {
      alive();
      if (rows.length === 0) return [];
      const input = fromRows(rows);
      return decodeOutputs(pipeline, finiteOutputs(scorer.score(input), input.rows), input.rows);
    },
    predictColumns(data: ColumnSource): ModelOutputs {
      alive();
      const input = fromColumns(data);
      return rawOutputs(pipeline, finiteOutputs(scorer.score(input), input.rows), input.rows);
    },
    dispose() {
      if (!disposed) scorer.dispose();
      disposed = true;
    },
  };
}

/**
 * The scorer's outputs when every one is finite; otherwise MLX_MODEL_OUTPUT, so that no answer, file or
 * metric ever carries a NaN (a `null` probability in JSON) from a model whose weights diverged.
 */
export function finiteOutputs<T extends Float32Array | Float64Array>(output: T, rows: number): T {
  const first = firstNonFinite(output);
  if (first < 0) return output;
  const perRow = rows > 0 ? output.length / rows : 1;
  throw new MlxError(
    'MLX_MODEL_OUTPUT',
    `The model gave ${countNonFinite(output)} NaN or infinite output(s) for ${rows} row(s), the first at row index ${Math.floor(first / perRow)}.`,
    { details: { rows, nonFinite: countNonFinite(output), firstRow: Math.floor(first / perRow) } },
  );
}

/** Model outputs → predictions: labels with class probabilities, or values in target units. */
export function decodeOutputs(
  pipeline: FittedPipeline,
  output: Float32Array | Float64Array,
  rows: number,
): Prediction[] {
  const classes = pipeline.target.classes;
  if (pipeline.target.task === 'classification' && classes) {
    const k = classes.length;
    const out: Prediction[] = new Array(rows);
    // Plain loops: a 1,000-row batch decodes without a closure per row.
    for (let i = 0, at = 0; i < rows; i++, at += k) {
      let best = 0;
      const probabilities: Record<string, number> = {};
      for (let c = 0; c < k; c++) {
        const p = output[at + c] as number;
        probabilities[classes[c] as string] = p;
        if (p > (output[at + best] as number)) best = c;
      }
      out[i] = { label: classes[best] as string, probabilities };
    }
    return out;
  }
  return decodeTarget(pipeline, output.subarray(0, rows)).map((value) => ({ value: value as number }));
}

/** Model outputs → class probabilities as they are, or values un-scaled to target units. */
function rawOutputs(pipeline: FittedPipeline, output: Float32Array | Float64Array, rows: number): ModelOutputs {
  const { task, classes, center, scale } = pipeline.target;
  if (task === 'classification') return { task, classes: [...(classes ?? [])], probabilities: output };
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = (output[i] as number) * scale + center;
  return { task, values };
}
