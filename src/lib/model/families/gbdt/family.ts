import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ModelFamily, Scorer } from '../../family.js';
import { GBDT_FILE, GBDT_FORMAT, type GbdtModel } from './format.js';
import { gbdtOnnx } from './onnx.js';
import { disposePrediction, type PredictThreads, predictOutputs } from './predict.js';
import { deserializeGbdtModel } from './serialize.js';

/**
 * A scorer over a GBDT model: ordinal rows (raw numbers, NaN = missing, category codes) in, class
 * probabilities (binary: [1 - p, p]) or the predicted value out. Regression models are trained on the
 * target as `pipeline.json` scales it, so their values are in that scale, as the Predictor expects.
 */
export function gbdtScorer(model: GbdtModel, threads: PredictThreads = 'auto'): Scorer {
  return {
    score: (input) => predictOutputs(model, input.x, input.rows, input.width, { threads }),
    dispose: () => disposePrediction(model),
  };
}

/**
 * The bundle's `model.threads` (config.yaml, as trained): 1 keeps prediction on one thread too;
 * `auto` or 2 let large batches take a second one. `auto` when it cannot be read.
 */
export function bundleThreads(dir: string): PredictThreads {
  try {
    const config = parse(readFileSync(path.join(dir, 'config.yaml'), 'utf8')) as { model?: { threads?: unknown } };
    const threads = config?.model?.threads;
    return threads === 1 || threads === 2 ? threads : 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * Histogram gradient-boosted trees (src/lib/train/families/gbdt trains them): `gbdt.json`, every tree as
 * flattened node arrays. Inputs are the ordinal encoding of pipeline.json: trees split on raw values,
 * send missing values down a learned side and split categories as sets, so nothing is imputed, scaled
 * or one-hot encoded.
 */
export const gbdtFamily: ModelFamily = {
  name: 'gbdt',
  types: ['gbdt'],
  format: GBDT_FORMAT,
  encoding: 'ordinal',
  files: [GBDT_FILE],
  weightsFile: GBDT_FILE,
  async load(dir) {
    const file = path.join(dir, GBDT_FILE);
    return gbdtScorer(deserializeGbdtModel(readFileSync(file), file), bundleThreads(dir));
  },
  // No `web`: in the browser, the ONNX export runs with onnxruntime-web (see the README's gbdt section).
  export: { onnx: gbdtOnnx },
};
