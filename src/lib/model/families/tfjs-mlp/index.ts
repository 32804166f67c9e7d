import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelFamily } from '../../family.js';
import { mlpOnnx } from './onnx.js';

/**
 * Multi-layer perceptrons and linear/logistic models on TensorFlow.js: `model.json` (the tfjs layers
 * format) with one weights file. tfjs itself is imported only when a model loads.
 */
export const tfjsMlp: ModelFamily = {
  name: 'tfjs-mlp',
  types: ['mlp', 'linear'],
  format: 'tfjs-layers-model',
  encoding: 'onehot',
  files: ['model.json', 'weights.bin'],
  weightsFile: 'weights.bin',
  async load(dir, options) {
    const { loadTf } = await import('./backend.js');
    const { deserializeModel } = await import('./io.js');
    const { tfjsScorer } = await import('./scorer.js');
    const saved = {
      modelJson: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>,
      weights: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))),
    };
    const { tf } = await loadTf(options.backend ?? 'auto');
    return tfjsScorer(tf, await deserializeModel(tf, saved));
  },
  export: { onnx: mlpOnnx, web: { scorer: 'tfjs-layers', files: ['model.json', 'weights.bin'] } },
};
