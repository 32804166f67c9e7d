import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/lib/random.js';
import { HISTOGRAM_WASM_BASE64 } from '../../../../src/lib/train/families/gbdt/histogram-wasm.js';
import { fitGbdt } from '../../../../src/lib/train/families/gbdt/index.js';
import { allocateBuffers, kernelState } from '../../../../src/lib/train/families/gbdt/kernel-state.js';
import {
  buildHistograms,
  type KernelSplit,
  LossKind,
  partitionRange,
} from '../../../../src/lib/train/families/gbdt/kernels.js';
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

  it('partitions alike in WebAssembly and in JavaScript: numeric, missing-value and categorical splits', () => {
    // Given the same data in wasm memory and in plain shared buffers
    const rows = 5000;
    const wasm = state(true, rows, 6);
    const js = state(false, rows, 6);
    // (the WebAssembly kernel reads a categorical bitset from its own memory)
    const wasmBits = new Uint32Array(wasm.scratch.buffer, wasm.scratch.byteOffset, 8);
    const codes = [0, 3, 5, 6, 200, 255];
    const bits = new Uint32Array(8);
    for (const c of codes) bits[c >>> 5] = ((bits[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
    wasmBits.set(bits);
    const splits: KernelSplit[] = [
      { feature: 0, bin: 100, missingLeft: false, missingBin: 255, bitset: null },
      { feature: 0, bin: 100, missingLeft: true, missingBin: 255, bitset: null },
      { feature: 1, bin: 3, missingLeft: true, missingBin: 6, bitset: null },
      { feature: 2, bin: -1, missingLeft: false, missingBin: 6, bitset: null },
      { feature: 3, bin: 255, missingLeft: false, missingBin: 255, bitset: null },
      { feature: 0, bin: 0, missingLeft: false, missingBin: 255, bitset: bits },
    ];
    for (const [from, to] of [
      [0, rows],
      [17, 3001],
    ] as const) {
      for (const split of splits) {
        // When both partition the same positions
        const left = partitionRange(js, from, to, split);
        const wasmSplit = split.bitset ? { ...split, bitset: wasmBits } : split;
        expect(partitionRange(wasm, from, to, wasmSplit)).toBe(left);
        // Then the same samples go left and right, in the same order
        expect(Array.from(wasm.tmpLeft.subarray(from, from + left))).toEqual(
          Array.from(js.tmpLeft.subarray(from, from + left)),
        );
        const right = to - from - left;
        expect(Array.from(wasm.tmpRight.subarray(from, from + right))).toEqual(
          Array.from(js.tmpRight.subarray(from, from + right)),
        );
        expect(left).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('runs the WebAssembly kernel in fits', async () => {
    const result = await fitGbdt(generate('binary', 1, 500), { max_iter: 1 }, { seed: 1 });
    expect(result.kernel).toBe('wasm');
  });
});
