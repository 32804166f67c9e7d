import { describe, expect, it } from 'vitest';
import { MlpNetwork } from '../../../../../src/lib/train/families/tfjs-mlp/network.js';
import {
  createOptimizer,
  type OptimizerName,
  STATE_SLOTS,
} from '../../../../../src/lib/train/families/tfjs-mlp/optimizers.js';

/**
 * One dense layer 1 → 2 in the kernels' memory: kernel [w0, w1], bias [b0, b1]. Returns a step that
 * sets the gradients (kernel then bias), applies the optimiser and reads the parameters back.
 */
function single(name: OptimizerName, lr: number, l2: number, kernel: number[], bias = [0, 0]) {
  const network = new MlpNetwork({
    layers: [{ kind: 'dense', inputs: 1, units: 2, activation: 'linear' }],
    capacity: 1,
    sparseInput: false,
    stateSlots: STATE_SLOTS[name],
  });
  network.setWeights([Float32Array.from(kernel), Float32Array.from(bias)]);
  const optimizer = createOptimizer(name, { kernels: network.kernels, segments: network.segments, lr, l2 });
  return (kernelGrad: number[], biasGrad = [0, 0]) => {
    const [dw, db] = network.gradients();
    dw?.set(kernelGrad);
    db?.set(biasGrad);
    optimizer.step();
    return network.getWeights().map((w) => Array.from(w));
  };
}

describe('optimisers (hand-computed single steps, float32 kernels)', () => {
  it('sgd: w − lr·(g + 2λ·w) on kernels; biases without decay', () => {
    const [w, b] = single('sgd', 0.1, 0.1, [1, -2], [1, 1])([0.5, 1], [0.5, 0.5]);
    expect(w?.[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.2), 6);
    expect(w?.[1]).toBeCloseTo(-2 - 0.1 * (1 - 0.4), 6);
    expect(b).toEqual([Math.fround(1 - 0.05), Math.fround(1 - 0.05)]);
  });

  it('adam: the first step moves each weight by lr·sign(g) (bias-corrected moments)', () => {
    const [w] = single('adam', 0.01, 0, [1, 1])([0.3, -4]);
    // m̂ = g, v̂ = g², so Δ = lr·g/(|g| + ε)
    expect(w?.[0]).toBeCloseTo(1 - 0.01, 5);
    expect(w?.[1]).toBeCloseTo(1 + 0.01, 5);
  });

  it('adam: the second step follows the moment recurrences', () => {
    const step = single('adam', 0.1, 0, [0, 0]);
    step([1, 1]);
    const [w] = step([0, 0]);
    const m = 0.9 * 0.1; // after two steps: m = 0.9·(0.1·1) + 0.1·0
    const v = 0.999 * 0.001;
    const expected = -0.1 - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-7);
    expect(w?.[0]).toBeCloseTo(expected, 5);
  });

  it('rmsprop: w − lr·g/√(E[g²] + ε)', () => {
    const [w] = single('rmsprop', 0.01, 0, [0, 0])([2, 2]);
    expect(w?.[0]).toBeCloseTo((-0.01 * 2) / Math.sqrt(0.1 * 4 + 1e-7), 6);
  });

  it('the vector body and the scalar tail of a kernel give the same bits (5 parameters: 4 + 1)', () => {
    const network = new MlpNetwork({
      layers: [{ kind: 'dense', inputs: 1, units: 5, activation: 'linear' }],
      capacity: 1,
      sparseInput: false,
      stateSlots: 2,
    });
    const same = Float32Array.of(0.3, 0.3, 0.3, 0.3, 0.3);
    network.setWeights([same, same]);
    const optimizer = createOptimizer('adam', {
      kernels: network.kernels,
      segments: network.segments,
      lr: 0.01,
      l2: 0.1,
    });
    for (const g of network.gradients()) g.set(Float32Array.of(0.7, 0.7, 0.7, 0.7, 0.7));
    optimizer.step();
    const [kernel] = network.getWeights();
    expect(new Set(kernel).size).toBe(1);
  });

  it('refuses a network without room for its state', () => {
    const network = new MlpNetwork({
      layers: [{ kind: 'dense', inputs: 1, units: 1, activation: 'linear' }],
      capacity: 1,
      sparseInput: false,
      stateSlots: 0,
    });
    expect(() =>
      createOptimizer('adam', { kernels: network.kernels, segments: network.segments, lr: 1, l2: 0 }),
    ).toThrow(/state/);
  });
});
