import type { Matrix, TrainSettings } from '../../types.js';

/** Buffers for one mini-batch: inputs (the network's input rows), targets (one-hot for classification), row weights. */
export interface BatchBuffers {
  x: Float32Array;
  y: Float32Array;
  weights: Float32Array | null;
}

/** Allocates the target and weight buffers once per training run, around the given input rows. */
export function batchBuffers(settings: TrainSettings, width: number, x?: Float32Array): BatchBuffers {
  const targetWidth = settings.task === 'classification' ? settings.classes : 1;
  return {
    x: x ?? new Float32Array(settings.batchSize * width),
    y: new Float32Array(settings.batchSize * targetWidth),
    weights: settings.classWeights ? new Float32Array(settings.batchSize) : null,
  };
}

/**
 * Copies the rows `order[start .. start + n)` into the buffers: inputs row-major (one copy per row),
 * the target as a one-hot row (classification) or a value, and the class weight of each row.
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
  clearTargets(n, settings, out);
  for (let r = 0; r < n; r++) {
    const row = order[start + r] as number;
    out.x.set(data.x.subarray(row * width, (row + 1) * width), r * width);
    setTarget(r, data.y[row] as number, settings, out);
  }
}

/**
 * The targets and row weights alone, for a batch whose inputs came from the sparse row store along
 * with each row's target: row r's target is `targets[at + r·step]`.
 */
export function fillTargets(
  targets: ArrayLike<number>,
  at: number,
  step: number,
  n: number,
  settings: TrainSettings,
  out: BatchBuffers,
): void {
  clearTargets(n, settings, out);
  for (let r = 0; r < n; r++) setTarget(r, targets[at + r * step] as number, settings, out);
}

function clearTargets(n: number, settings: TrainSettings, out: BatchBuffers): void {
  if (settings.task === 'classification') out.y.fill(0, 0, n * settings.classes);
}

function setTarget(r: number, target: number, settings: TrainSettings, out: BatchBuffers): void {
  if (settings.task === 'classification') out.y[r * settings.classes + target] = 1;
  else out.y[r] = target;
  if (out.weights) out.weights[r] = settings.classWeights?.[target] ?? 1;
}
