import type { InputSchema } from '../../../src/lib/contracts.js';
import type { FittedPipeline } from '../../../src/lib/data/index.js';

/** A hand-written fitted pipeline: two standardised numeric features, three classes. */
export function tinyPipeline(task: 'classification' | 'regression' = 'classification'): FittedPipeline {
  return {
    version: 1,
    features: [
      { name: 'a', kind: 'numeric', impute_strategy: 'median', step: { impute: 0, center: 1, scale: 2 } },
      { name: 'b', kind: 'numeric', impute_strategy: 'median', step: { impute: 0, center: 0, scale: 1 } },
    ],
    outputs: ['a', 'b'],
    width: 2,
    target:
      task === 'classification'
        ? { name: 'y', task, classes: ['p', 'q', 'r'], center: 0, scale: 1 }
        : { name: 'y', task, classes: null, center: 10, scale: 5 },
    na_values: [''],
    scaler: 'standard',
  };
}

export function tinySchema(task: 'classification' | 'regression' = 'classification'): InputSchema {
  return {
    version: 1,
    features: [
      { name: 'a', type: 'numeric', required: true, min: null, max: null, allowed: null },
      { name: 'b', type: 'numeric', required: true, min: null, max: null, allowed: null },
    ],
    target: { name: 'y', task, classes: task === 'classification' ? ['p', 'q', 'r'] : null },
  };
}
