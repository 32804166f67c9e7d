import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../errors.js';
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
    const { deserializeModel, nonFiniteWeights } = await import('./io.js');
    const { tfjsScorer } = await import('./scorer.js');
    const saved = {
      modelJson: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>,
      weights: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))),
    };
    const bad = nonFiniteWeights(saved);
    if (bad !== 0)
      throw new InputError(
        'MLX_BUNDLE_CORRUPT',
        bad < 0
          ? `${path.join(dir, 'weights.bin')} is shorter than model.json's weight list says.`
          : `${path.join(dir, 'weights.bin')} holds ${bad} NaN or infinite weight(s): the training that wrote it diverged.`,
        {
          hint: 'Retrain the model (a lower train.lr), or serve another version; mlx no longer registers such models.',
        },
      );
    const { tf } = await loadTf(options.backend ?? 'auto');
    return tfjsScorer(tf, await deserializeModel(tf, saved));
  },
  export: { onnx: mlpOnnx, web: { scorer: 'tfjs-layers', files: ['model.json', 'weights.bin'] } },
};
