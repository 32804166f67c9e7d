// An all-numeric regression model (features a, b): the Predictor mlx serves, over a small linear scorer.
import type { Predictor } from '../../../../src/lib/contracts.js';
import type { Scorer } from '../../../../src/lib/model/index.js';
import { predictorFor } from '../../../../src/lib/model/index.js';
import { tinyPipeline, tinySchema } from '../../model/fixtures.js';

/** y_scaled = 2·a_scaled + b_scaled; values come back in target units (center 10, scale 5). */
export function numericPredictor(): Predictor {
  const scorer: Scorer = {
    score: ({ x, rows, width }) =>
      Float32Array.from({ length: rows }, (_, i) => 2 * (x[i * width] ?? 0) + (x[i * width + 1] ?? 0)),
    dispose: () => {},
  };
  const info = {
    name: 'tiny',
    version: 1,
    runId: 'run-tiny',
    createdAt: '2026-01-01T00:00:00.000Z',
    task: 'regression' as const,
    dir: '/nonexistent',
    metrics: {},
    lineage: {},
  };
  return predictorFor(
    scorer,
    { info, schema: tinySchema('regression'), pipeline: tinyPipeline('regression') },
    'onehot',
  );
}

/** What the model predicts for (a, b): the pipeline scales a as (a - 1) / 2 and leaves b. */
export const expectedValue = (a: number, b: number) => (2 * ((a - 1) / 2) + b) * 5 + 10;
