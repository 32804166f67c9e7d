import type { Prediction, Predictor, Row } from '../contracts.js';
import { decodeTarget, type FittedPipeline, transformRows } from '../data/index.js';
import { type BackendChoice, loadTf, type Tf } from './backend.js';
import { type LoadedBundle, loadBundle } from './bundle.js';
import { deserializeModel } from './tfjs-io.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export interface PredictorOptions {
  backend?: BackendChoice;
}

/** Loads a bundle (MANIFEST checked) and returns a Predictor: one batched tensor call per `predict`. */
export async function createPredictor(dir: string, options: PredictorOptions = {}): Promise<Predictor> {
  const bundle = loadBundle(dir);
  const { tf } = await loadTf(options.backend ?? 'auto');
  const model = await deserializeModel(tf, bundle.model);
  return predictorFor(tf, model, bundle);
}

/** A Predictor over an already loaded model (used by training to score splits the same way). */
export function predictorFor(
  tf: Tf,
  model: LayersModel,
  bundle: Pick<LoadedBundle, 'info' | 'schema' | 'pipeline'>,
): Predictor {
  const pipeline = bundle.pipeline as FittedPipeline;
  let disposed = false;
  return {
    info: bundle.info,
    schema: bundle.schema,
    predict(rows: readonly Row[]): Prediction[] {
      if (disposed) throw new Error('predict() after dispose()');
      if (rows.length === 0) return [];
      const input = transformRows(pipeline, rows, { reportMissing: false, maxIssues: 0 });
      const output = runModel(tf, model, input.x, input.rows, input.width);
      return decodeOutputs(pipeline, output, input.rows);
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** One batched forward pass (inference mode) inside tf.tidy; returns row-major outputs. */
export function runModel(tf: Tf, model: LayersModel, x: Float32Array, rows: number, width: number): Float32Array {
  return tf.tidy(() => {
    // `apply`, not `predict`: predict slices the batch into chunks of 32 (quadratic on tfjs-wasm).
    const out = model.apply(tf.tensor2d(x, [rows, width]), { training: false }) as import('@tensorflow/tfjs').Tensor;
    return out.dataSync() as Float32Array;
  });
}

/** Model outputs → predictions: labels with class probabilities, or values in target units. */
export function decodeOutputs(pipeline: FittedPipeline, output: Float32Array, rows: number): Prediction[] {
  const classes = pipeline.target.classes;
  if (pipeline.target.task === 'classification' && classes) {
    const k = classes.length;
    return Array.from({ length: rows }, (_, i) => {
      let best = 0;
      const probabilities: Record<string, number> = {};
      classes.forEach((label, c) => {
        const p = output[i * k + c] as number;
        probabilities[label] = p;
        if (p > (output[i * k + best] as number)) best = c;
      });
      return { label: classes[best] as string, probabilities };
    });
  }
  return decodeTarget(pipeline, output.subarray(0, rows)).map((value) => ({ value: value as number }));
}
