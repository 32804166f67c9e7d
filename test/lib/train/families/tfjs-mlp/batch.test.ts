import { describe, expect, it } from 'vitest';
import { batchBuffers, fillBatch, fillTargets } from '../../../../../src/lib/train/families/tfjs-mlp/batch.js';
import type { Matrix, TrainSettings } from '../../../../../src/lib/train/types.js';

const base: TrainSettings = {
  task: 'classification',
  classes: 3,
  epochs: 1,
  batchSize: 4,
  lr: 0.1,
  lrPlateau: null,
  optimizer: 'sgd',
  l2: 0,
  seed: 1,
  earlyStopping: { enabled: false, patience: 0, minDelta: 0, metric: 'val_loss' },
  classWeights: Float32Array.of(1, 2, 3),
};
const data: Matrix = { x: Float32Array.of(0, 1, 10, 11, 20, 21), y: Float32Array.of(2, 0, 1), rows: 3, width: 2 };

describe('fillBatch', () => {
  it('gathers rows in order, one-hot targets and per-row class weights', () => {
    const buffers = batchBuffers(base, 2);
    fillBatch(data, Uint32Array.of(2, 0, 1), 0, 2, base, buffers);
    expect(Array.from(buffers.x.subarray(0, 4))).toEqual([20, 21, 0, 1]);
    expect(Array.from(buffers.y.subarray(0, 6))).toEqual([0, 1, 0, 0, 0, 1]);
    expect(Array.from(buffers.weights?.subarray(0, 2) ?? [])).toEqual([2, 3]);
    // Reused buffers: stale one-hot entries are cleared.
    fillBatch(data, Uint32Array.of(1, 2, 0), 0, 2, base, buffers);
    expect(Array.from(buffers.y.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('regression targets are copied as values, without weights', () => {
    const settings = { ...base, task: 'regression' as const, classes: 1, classWeights: null };
    const buffers = batchBuffers(settings, 2);
    fillBatch({ ...data, y: Float32Array.of(0.5, -1, 2) }, Uint32Array.of(1, 2, 0), 1, 2, settings, buffers);
    expect(Array.from(buffers.y.subarray(0, 2))).toEqual([2, 0.5]);
    expect(buffers.weights).toBeNull();
  });

  it('converts float64 inputs (the ordinal encoding) to the float32 input rows', () => {
    const buffers = batchBuffers(base, 2);
    fillBatch({ ...data, x: Float64Array.of(0.1, 1, 10, 11, 20, 21) }, Uint32Array.of(0), 0, 1, base, buffers);
    expect(buffers.x[0]).toBe(Math.fround(0.1));
  });
});

describe('fillTargets', () => {
  it('reads strided targets (the row store keeps them after each row) into one-hot rows and weights', () => {
    const buffers = batchBuffers(base, 2);
    // Interleaved like the store's entries: (index, value) pairs, the target in the value half.
    fillTargets(Float32Array.of(9, 2, 9, 0), 1, 2, 2, base, buffers);
    expect(Array.from(buffers.y.subarray(0, 6))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(buffers.weights?.subarray(0, 2) ?? [])).toEqual([3, 1]);
  });
});
