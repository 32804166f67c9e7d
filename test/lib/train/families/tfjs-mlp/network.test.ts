import { describe, expect, it } from 'vitest';
import { loadTf, type Tf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import type { KernelActivation } from '../../../../../src/lib/model/families/tfjs-mlp/kernels.js';
import { mulberry32, nextSeed, permutation } from '../../../../../src/lib/random.js';
import { type LayerSpec, MlpNetwork } from '../../../../../src/lib/train/families/tfjs-mlp/network.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

/** Seeded values in [-1, 1), a `zeros` fraction of them exactly 0 (one-hot-like inputs). */
function values(n: number, seed: number, zeros = 0): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rng() < zeros ? 0 : rng() * 2 - 1));
}

function activate(tf: Tf, h: Tensor, activation: KernelActivation): Tensor {
  switch (activation) {
    case 'linear':
      return h;
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'elu':
      return tf.elu(h);
    case 'selu':
      return tf.selu(h);
    default:
      return activation satisfies never;
  }
}

// Odd sizes on purpose: 7 rows (a 4-row block + 3 single rows), 6 inputs, 5 hidden units (a vector + a
// 1-lane tail), 3 outputs (a partial vector), so every tail path of the kernels runs.
const ROWS = 7;
const INPUTS = 6;
const HIDDEN = 5;
const OUTPUTS = 3;

function twoLayers(activation: KernelActivation, extra: LayerSpec[] = [], sparseInput = false) {
  const layers: LayerSpec[] = [
    { kind: 'dense', inputs: INPUTS, units: HIDDEN, activation },
    ...extra,
    { kind: 'dense', inputs: HIDDEN, units: OUTPUTS, activation: 'linear' },
  ];
  return new MlpNetwork({ layers, capacity: ROWS, sparseInput, stateSlots: 0 });
}

const weights = () => [
  values(INPUTS * HIDDEN, 11),
  values(HIDDEN, 12),
  values(HIDDEN * OUTPUTS, 13),
  values(OUTPUTS, 14),
];
// A non-uniform upstream gradient, so every element of every gradient matters.
const upstream = Float32Array.from({ length: ROWS * OUTPUTS }, (_, i) => ((i % 5) - 2) * 0.25 + 0.1);

describe('MlpNetwork: the kernels against tfjs autodiff', () => {
  for (const activation of ['relu', 'linear', 'tanh', 'sigmoid', 'elu', 'selu'] as const) {
    it(`${activation}: the same outputs and parameter gradients`, async () => {
      const { tf } = await loadTf('wasm');
      const x = values(ROWS * INPUTS, 10, 0.3);
      const network = twoLayers(activation);
      network.setWeights(weights());
      network.input(ROWS).set(x);
      const out = Array.from(network.forward(ROWS, mulberry32(1)));
      network.outputGrad(ROWS).set(upstream);
      network.backward(ROWS);
      const grads = network.gradients().map((g) => Array.from(g));

      const [w1, b1, w2, b2] = weights().map((w, i) =>
        tf.tensor(w, i % 2 === 0 ? [i === 0 ? INPUTS : HIDDEN, i === 0 ? HIDDEN : OUTPUTS] : [w.length]),
      ) as Tensor[];
      const input = tf.tensor2d(x, [ROWS, INPUTS]);
      const model = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) =>
        tf.add(tf.matMul(activate(tf, tf.add(tf.matMul(input, a), c), activation), d), e);
      const loss = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) =>
        tf.sum(tf.mul(model(a, c, d, e), tf.tensor2d(upstream, [ROWS, OUTPUTS])));
      const reference = tf.grads(loss as (...args: Tensor[]) => Tensor)([w1, b1, w2, b2] as Tensor[]);
      const expected = model(w1 as Tensor, b1 as Tensor, w2 as Tensor, b2 as Tensor);

      expect(out).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
      reference.forEach((g, i) => {
        expect(grads[i], `gradient ${i}`).toEqual(Array.from(g.dataSync()).map((v) => expect.closeTo(v, 5)));
      });
      tf.dispose([w1, b1, w2, b2, input, expected, ...reference] as Tensor[]);
    });
  }

  it('dropout: the mask comes from the seeded stream (mulberry32), kept units scaled by 1/(1 − rate), in both passes', async () => {
    const { tf } = await loadTf('wasm');
    const rate = 0.4;
    const x = values(ROWS * INPUTS, 20);
    const network = twoLayers('relu', [{ kind: 'dropout', units: HIDDEN, rate }]);
    network.setWeights(weights());
    network.input(ROWS).set(x);
    const out = Array.from(network.forward(ROWS, mulberry32(5)));
    network.outputGrad(ROWS).set(upstream);
    network.backward(ROWS);
    const grads = network.gradients().map((g) => Array.from(g));

    // The same mask, drawn in JS: one seed from the training stream, then one draw per unit.
    const draws = mulberry32(nextSeed(mulberry32(5)));
    const mask = Float32Array.from({ length: ROWS * HIDDEN }, () =>
      draws() >= rate ? Math.fround(1 / (1 - rate)) : 0,
    );
    expect(mask.some((m) => m === 0) && mask.some((m) => m > 1)).toBe(true);
    const [w1, b1, w2, b2] = weights().map((w, i) =>
      tf.tensor(w, i % 2 === 0 ? [i === 0 ? INPUTS : HIDDEN, i === 0 ? HIDDEN : OUTPUTS] : [w.length]),
    ) as Tensor[];
    const input = tf.tensor2d(x, [ROWS, INPUTS]);
    const keep = tf.tensor2d(mask, [ROWS, HIDDEN]);
    const model = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) =>
      tf.add(tf.matMul(tf.mul(tf.relu(tf.add(tf.matMul(input, a), c)), keep), d), e);
    const loss = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) =>
      tf.sum(tf.mul(model(a, c, d, e), tf.tensor2d(upstream, [ROWS, OUTPUTS])));
    const reference = tf.grads(loss as (...args: Tensor[]) => Tensor)([w1, b1, w2, b2] as Tensor[]);
    const expected = model(w1 as Tensor, b1 as Tensor, w2 as Tensor, b2 as Tensor);
    expect(out).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
    reference.forEach((g, i) => {
      expect(grads[i]).toEqual(Array.from(g.dataSync()).map((v) => expect.closeTo(v, 5)));
    });
    // Inference: no mask at all.
    network.input(ROWS).set(x);
    const inference = Array.from(network.forward(ROWS, null));
    const plain = tf.add(
      tf.matMul(tf.relu(tf.add(tf.matMul(input, w1 as Tensor), b1 as Tensor)), w2 as Tensor),
      b2 as Tensor,
    );
    expect(inference).toEqual(Array.from(plain.dataSync()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([w1, b1, w2, b2, input, keep, expected, plain, ...reference] as Tensor[]);
  });
});

describe('MlpNetwork: the sparse first layer', () => {
  /** Forward + backward on the given network; its outputs and gradients as raw bits. */
  function pass(network: MlpNetwork, fill: () => boolean): number[][] {
    network.setWeights(weights());
    const gathered = fill();
    const out = Array.from(new Uint32Array(network.forward(ROWS, mulberry32(1), gathered).slice().buffer));
    network.outputGrad(ROWS).set(upstream);
    network.backward(ROWS);
    return [out, ...network.gradients().map((g) => Array.from(new Uint32Array(g.slice().buffer)))];
  }

  it('gives the same bits as the dense kernels, from dense rows and from the row store', () => {
    const rows = 40;
    const train = {
      x: values(rows * INPUTS, 30, 0.7),
      y: Float32Array.from({ length: rows }, (_, i) => i % 3),
      rows,
      width: INPUTS,
    };
    const order = permutation(rows, mulberry32(2));
    const batch = () => {
      const x = new Float32Array(ROWS * INPUTS);
      for (let r = 0; r < ROWS; r++)
        x.set(train.x.subarray((order[r] as number) * INPUTS, ((order[r] as number) + 1) * INPUTS), r * INPUTS);
      return x;
    };
    const dense = twoLayers('relu');
    const sparse = twoLayers('relu', [], true);
    const layers: LayerSpec[] = [
      { kind: 'dense', inputs: INPUTS, units: HIDDEN, activation: 'relu' },
      { kind: 'dense', inputs: HIDDEN, units: OUTPUTS, activation: 'linear' },
    ];
    const stored = new MlpNetwork({ layers, capacity: ROWS, sparseInput: true, train, stateSlots: 0 });
    expect(stored.sparse?.stored).toBe(true);

    const expected = pass(dense, () => {
      dense.input(ROWS).set(batch());
      return false;
    });
    expect(
      pass(sparse, () => {
        sparse.input(ROWS).set(batch());
        return false;
      }),
    ).toEqual(expected);
    expect(
      pass(stored, () => {
        stored.sparse?.setOrder(order);
        stored.sparse?.gather(0, ROWS);
        return true;
      }),
    ).toEqual(expected);
    // The store hands back each gathered row's target too.
    const targets = stored.sparse?.targets(ROWS) ?? new Float32Array(0);
    expect(Array.from({ length: ROWS }, (_, r) => targets[1 + 2 * r])).toEqual(
      Array.from(order.subarray(0, ROWS), (row) => row % 3),
    );
  });
});
