import type { Matrix, TrainSettings } from '../../types.js';

/** Reusable buffers for one mini-batch: inputs, targets (one-hot for classification), row weights. */
export interface BatchBuffers {
  x: Float32Array;
  y: Float32Array;
  weights: Float32Array | null;
}

/** Allocates the buffers once per training run. */
export function batchBuffers(settings: TrainSettings, width: number): BatchBuffers {
  const targetWidth = settings.task === 'classification' ? settings.classes : 1;
  return {
    x: new Float32Array(settings.batchSize * width),
    y: new Float32Array(settings.batchSize * targetWidth),
    weights: settings.classWeights ? new Float32Array(settings.batchSize) : null,
  };
}

/**
 * Copies the rows `order[start .. start + n)` into the buffers: inputs row-major, the target as a
 * one-hot row (classification) or a value, and the class weight of each row. Building these on
 * the JS side saves the cast / one-hot / gather tensor ops of every step.
 */
export function fillBatch(
  data: Matrix,
  order: Uint32Array,
  start: number,
  n: number,
  settings: TrainSettings,
  out: BatchBuffers,
): void {
  const { width } = data;
  const k = settings.classes;
  const classification = settings.task === 'classification';
  if (classification) out.y.fill(0, 0, n * k);
  for (let r = 0; r < n; r++) {
    const row = order[start + r] as number;
    const from = row * width;
    const to = r * width;
    for (let c = 0; c < width; c++) out.x[to + c] = data.x[from + c] as number;
    const target = data.y[row] as number;
    if (classification) out.y[r * k + target] = 1;
    else out.y[r] = target;
    if (out.weights) out.weights[r] = settings.classWeights?.[target] ?? 1;
  }
}
