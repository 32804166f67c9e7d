import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../errors.js';
import type { ModelFamily } from '../../family.js';
import { mlpOnnx } from './onnx.js';

/**
 * Multi-layer perceptrons and linear/logistic models on TensorFlow.js: `model.json` (the tfjs layers
 * format) with one weights file. They are scored by the MLP kernels (kernel-scorer.ts), without tfjs;
 * tfjs is imported only for a topology the kernels do not cover.
 */
export const tfjsMlp: ModelFamily = {
  name: 'tfjs-mlp',
  types: ['mlp', 'linear'],
  format: 'tfjs-layers-model',
  encoding: 'onehot',
  files: ['model.json', 'weights.bin'],
  weightsFile: 'weights.bin',
  async load(dir, options) {
    const saved = {
      modelJson: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>,
      weights: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))),
    };
    const { deserializeModel, nonFiniteWeights } = await import('./io.js');
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
    const { denseLayers } = await import('./mlp-layers.js');
    const layers = denseLayers(saved);
    if (layers) return (await import('./kernel-scorer.js')).kernelScorer(layers);
    const { loadTf } = await import('./backend.js');
    const { tfjsScorer } = await import('./scorer.js');
    const { tf } = await loadTf(options.backend ?? 'auto');
    return tfjsScorer(tf, await deserializeModel(tf, saved));
  },
  export: { onnx: mlpOnnx, web: { scorer: 'tfjs-layers', files: ['model.json', 'weights.bin'] } },
};
