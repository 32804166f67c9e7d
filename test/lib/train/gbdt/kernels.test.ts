import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/random.js';
import { HISTOGRAM_WASM_BASE64 } from '../../../../src/lib/train/families/gbdt/histogram-wasm.js';
import { fitGbdt } from '../../../../src/lib/train/families/gbdt/index.js';
import { allocateBuffers, kernelState } from '../../../../src/lib/train/families/gbdt/kernel-state.js';
import { buildHistograms, LossKind } from '../../../../src/lib/train/families/gbdt/kernels.js';
import { generate } from './helpers.js';

/** Kernel state with random binned data, gradients and a shuffled partition. */
function state(wasm: boolean, rows: number, width: number) {
  const shape = { rows, width, nb: 256, k: 2, loss: LossKind.multinomial, weighted: false, controlWords: 32 };
  const s = kernelState(allocateBuffers(shape, wasm ? Buffer.from(HISTOGRAM_WASM_BASE64, 'base64') : null));
  const rnd = mulberry32(11);
  for (let i = 0; i < rows * width; i++) s.binned[i] = Math.floor(rnd() * (i % 3 === 0 ? 256 : 7));
  for (let i = 0; i < 2 * rows; i++) {
    s.grad[i] = rnd() - 0.5;
    s.hess[i] = rnd() * 0.25;
  }
  for (let i = 0; i < rows; i++) s.partition[i] = (i * 7919) % rows;
  return s;
}

describe('histogram kernels', () => {
  it('gives bit-identical histograms in WebAssembly and in JavaScript', () => {
    // Given the same data in wasm memory and in plain shared buffers (6 features: a block of 4 and 2 more)
    const rows = 5000;
    const wasm = state(true, rows, 6);
    const js = state(false, rows, 6);
    expect(wasm.wasm).not.toBeNull();
    expect(js.wasm).toBeNull();
    for (const [from, to, column, constHess] of [
      [0, rows, 0, false],
      [123, 4321, 1, false],
      [10, 20, 1, true],
    ] as const) {
      // When both build the histograms of a node
      buildHistograms(wasm, wasm.histMain, from, to, column, constHess);
      buildHistograms(js, js.histMain, from, to, column, constHess);
      // Then every sum and count is the same double
      expect(Array.from(wasm.histMain)).toEqual(Array.from(js.histMain));
      const counts = Array.from(js.histMain).filter((_, i) => i % 3 === 2);
      expect(counts.reduce((a, b) => a + b, 0)).toBe((to - from) * 6);
    }
  });

  it('runs the WebAssembly kernel in fits', async () => {
    const result = await fitGbdt(generate('binary', 1, 500), { max_iter: 1 }, { seed: 1 });
    expect(result.kernel).toBe('wasm');
  });
});
