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

  // Learning rates at which decay alone halves a tiny weight each step: sgd w·(1 − lr·2λ); adam and rmsprop
  // divide by their ε-dominated denominators (ε = 1e-7; √ε for rmsprop) once g² underflows.
  const halving = { sgd: 0.5, adam: 5e-8, rmsprop: 1.6e-4 } as const;
  for (const name of ['sgd', 'adam', 'rmsprop'] as const)
    it(`${name}: weight decay with no gradient (a dead unit) takes a weight to the bottom of the normal range or 0, never to a subnormal value`, () => {
      // Decay alone shrinks a weight geometrically; stored subnormal, it would make every multiply that
      // touches it ~100× slower on many x86 CPUs. 5 weights: 4 in the vector body, 1 in the scalar tail.
      const network = new MlpNetwork({
        layers: [{ kind: 'dense', inputs: 1, units: 5, activation: 'linear' }],
        capacity: 1,
        sparseInput: false,
        stateSlots: STATE_SLOTS[name],
      });
      network.setWeights([Float32Array.of(1e-30, -1e-30, 3e-31, 1e-30, -2e-30), new Float32Array(5)]);
      const optimizer = createOptimizer(name, {
        kernels: network.kernels,
        segments: network.segments,
        lr: halving[name],
        l2: 0.5,
      });
      const seen = new Set<number>();
      for (let step = 0; step < 400; step++) {
        for (const g of network.gradients()) g.fill(0);
        optimizer.step();
        for (const w of network.getWeights()[0] ?? []) seen.add(w === 0 ? 0 : Math.abs(w) < 2 ** -126 ? -1 : 1);
      }
      expect(seen.has(-1)).toBe(false);
      // Decayed all the way down (adam may stop just above 2⁻¹²⁶: its first moment flushes to 0 first).
      for (const w of network.getWeights()[0] ?? []) expect(Math.abs(w)).toBeLessThan(2 ** -120);
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
