import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { activate, denseForTraining } from '../../../../../src/lib/train/families/tfjs-mlp/dense-op.js';

describe('denseForTraining', () => {
  for (const activation of ['relu', 'linear', 'tanh', 'sigmoid']) {
    it(`${activation}: same value and gradients as tfjs autodiff`, async () => {
      const { tf } = await loadTf('wasm');
      const a = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
      const w = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
      const b = tf.randomNormal([3], 0, 1, 'float32', 3);
      const ours = denseForTraining(tf, true, activation);
      const reference = (x: typeof a, k: typeof w, c: typeof b) => activate(tf, tf.add(tf.matMul(x, k), c), activation);
      // A non-uniform upstream gradient, so every element matters.
      const loss = (f: typeof ours) => (x: typeof a, k: typeof w, c: typeof b) =>
        tf.sum(tf.mul(f(x, k, c), tf.range(1, 16).reshape([5, 3])));
      const g1 = tf.grads(loss(ours))([a, w, b]);
      const g2 = tf.grads(loss(reference))([a, w, b]);
      expect(Array.from(ours(a, w, b).dataSync())).toEqual(
        Array.from(reference(a, w, b).dataSync()).map((v) => expect.closeTo(v, 5)),
      );
      g1.forEach((g, i) => {
        expect(Array.from(g.dataSync())).toEqual(Array.from(g2[i]?.dataSync() ?? []).map((v) => expect.closeTo(v, 4)));
      });
      tf.dispose([a, w, b, ...g1, ...g2]);
    });
  }

  it('without input gradient the gradient for the input is zero', async () => {
    const { tf } = await loadTf('wasm');
    const a = tf.ones([2, 2]);
    const [da] = tf.grads((x: typeof a, k: typeof a, c: typeof a) =>
      tf.sum(denseForTraining(tf, false, 'relu')(x, k, c)),
    )([a, tf.ones([2, 2]), tf.zeros([2])]);
    expect(Array.from(da?.dataSync() ?? [1])).toEqual([0, 0, 0, 0]);
  });
});
