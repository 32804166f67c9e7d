import type { FittedPipeline } from '../data/index.js';
import type { Tf } from '../model/backend.js';
import { predictMatrix } from '../train/forward.js';
import type { Matrix } from '../train/types.js';
import type { Baseline } from './baseline.js';
import { type Scored, scorePredictions } from './score.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

/** Runs the model over a split and scores it; regression is scored in the target's own units. */

export function scoreMatrix(
  tf: Tf,
  model: LayersModel,
  split: Matrix,
  pipeline: FittedPipeline,
  baseline: Baseline,
): Scored {
  const output = predictMatrix(tf, model, split.x, split.rows, split.width);
  const { task, classes, center, scale } = pipeline.target;
  if (task === 'classification') {
    return scorePredictions({ task, yTrue: split.y, output, labels: classes ?? [], baseline });
  }
  const unscale = (v: ArrayLike<number>) => Float64Array.from(v, (value) => value * scale + center);
  return scorePredictions({
    task,
    yTrue: unscale(split.y),
    output: unscale(output),
    labels: [],
    baseline,
  });
}
