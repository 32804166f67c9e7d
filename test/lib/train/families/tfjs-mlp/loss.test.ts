import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { meanSquaredError, softmaxCrossEntropy } from '../../../../../src/lib/train/families/tfjs-mlp/loss.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

const rows = 5;
const classes = 3;
const logits = Float32Array.of(2, -1, 0.5, 0, 0, 0, -3, 4, 1, 10, 9, -10, 0.1, 0.2, 0.3);
const labels = [0, 2, 1, 1, 2];
const oneHot = Float32Array.from({ length: rows * classes }, (_, i) =>
  labels[Math.floor(i / classes)] === i % classes ? 1 : 0,
);

describe('loss heads against tfjs', () => {
  for (const weights of [null, Float32Array.of(1, 2, 0.5, 3, 1)]) {
    it(`softmax cross-entropy${weights ? ' with row weights' : ''}: tfjs's loss value and gradient`, async () => {
      const { tf } = await loadTf('wasm');
      const grad = new Float32Array(rows * classes);
      const loss = softmaxCrossEntropy(logits, oneHot, weights, rows, classes, grad);
      const y = tf.tensor2d(oneHot, [rows, classes]);
      const w = weights ? tf.tensor1d(weights) : undefined;
      const f = (z: Tensor) => tf.losses.softmaxCrossEntropy(y, z, w);
      const z = tf.tensor2d(logits, [rows, classes]);
      const expected = f(z);
      const expectedGrad = tf.grad(f)(z);
      expect(loss).toBeCloseTo(expected.dataSync()[0] ?? Number.NaN, 5);
      expect(Array.from(grad)).toEqual(Array.from(expectedGrad.dataSync()).map((v) => expect.closeTo(v, 6)));
      tf.dispose([y, z, expected, expectedGrad, ...(w ? [w] : [])]);
    });
  }

  it('mean squared error: tfjs mean((o − y)²) and its gradient', async () => {
    const { tf } = await loadTf('wasm');
    const out = Float32Array.of(0.5, -1, 2, 3);
    const target = Float32Array.of(1, -1, 0, 2.5);
    const grad = new Float32Array(4);
    const loss = meanSquaredError(out, target, 4, grad);
    const f = (o: Tensor) => tf.mean(tf.square(tf.sub(o, tf.tensor1d(target))));
    const o = tf.tensor1d(out);
    expect(loss).toBeCloseTo(f(o).dataSync()[0] ?? Number.NaN, 6);
    expect(Array.from(grad)).toEqual(Array.from(tf.grad(f)(o).dataSync()).map((v) => expect.closeTo(v, 6)));
  });

  it('is stable for large logits (no overflow to Infinity or NaN)', () => {
    const grad = new Float32Array(2);
    const loss = softmaxCrossEntropy(Float32Array.of(1000, -1000), Float32Array.of(0, 1), null, 1, 2, grad);
    expect(loss).toBeCloseTo(2000, 3);
    expect(Array.from(grad)).toEqual([1, -1]);
  });
});
