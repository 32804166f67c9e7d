import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelFamily, Scorer } from '../../family.js';
import { GBDT_FILE, GBDT_FORMAT, type GbdtModel } from './format.js';
import { gbdtOnnx } from './onnx.js';
import { predictOutputs } from './predict.js';
import { deserializeGbdtModel } from './serialize.js';

/**
 * A scorer over a GBDT model: ordinal rows (raw numbers, NaN = missing, category codes) in, class
 * probabilities (binary: [1 - p, p]) or the predicted value out. Regression models are trained on the
 * target as `pipeline.json` scales it, so their values are in that scale, as the Predictor expects.
 */
export function gbdtScorer(model: GbdtModel): Scorer {
  return {
    score: (input) => predictOutputs(model, input.x, input.rows, input.width),
    dispose() {},
  };
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
    return gbdtScorer(deserializeGbdtModel(readFileSync(file), file));
  },
  // No `web`: in the browser, the ONNX export runs with onnxruntime-web (see the README's gbdt section).
  export: { onnx: gbdtOnnx },
};
