import { describe, expect, it } from 'vitest';
import { adam, createOptimizer, rmsprop, sgd } from '../../../../../src/lib/train/families/tfjs-mlp/optimizers.js';

describe('optimisers (hand-computed single steps)', () => {
  it('sgd: w − lr·(g + decay·w)', () => {
    const w = Float32Array.of(1, -2);
    sgd(0.1).step([w], [[0.5, 1]], [0.2]);
    expect(w[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.2), 6);
    expect(w[1]).toBeCloseTo(-2 - 0.1 * (1 - 0.4), 6);
  });

  it('adam: the first step moves each weight by lr·sign(g) (bias-corrected moments)', () => {
    const w = Float32Array.of(1, 1);
    adam(0.01, [2]).step([w], [[0.3, -4]]);
    // m̂ = g, v̂ = g², so Δ = lr·g/(|g| + ε)
    expect(w[0]).toBeCloseTo(1 - 0.01, 5);
    expect(w[1]).toBeCloseTo(1 + 0.01, 5);
  });

  it('adam: second step follows the moment recurrences', () => {
    const w = Float32Array.of(0);
    const opt = adam(0.1, [1]);
    opt.step([w], [[1]]);
    opt.step([w], [[0]]);
    const m = 0.9 * 0.1; // after two steps: m = 0.9·(0.1·1) + 0.1·0
    const v = 0.999 * 0.001;
    const expected = -0.1 - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-7);
    expect(w[0]).toBeCloseTo(expected, 5);
  });

  it('rmsprop: w − lr·g/√(E[g²] + ε)', () => {
    const w = Float32Array.of(0);
    rmsprop(0.01, [1]).step([w], [[2]]);
    expect(w[0]).toBeCloseTo((-0.01 * 2) / Math.sqrt(0.1 * 4 + 1e-7), 6);
  });

  it('createOptimizer picks by name', () => {
    for (const name of ['adam', 'sgd', 'rmsprop'] as const) {
      const w = Float32Array.of(1);
      createOptimizer(name, 0.1, [1]).step([w], [[1]]);
      expect(w[0]).toBeLessThan(1);
    }
  });
});
