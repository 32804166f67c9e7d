import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  instantiateKernels,
  KernelMemory,
  kernelSourceSha256,
} from '../../../../../src/lib/model/families/tfjs-mlp/kernels.js';
import { mulberry32 } from '../../../../../src/lib/random.js';

const repo = path.resolve(import.meta.dirname, '../../../../..');

describe('the committed kernels (mlp-train.wasm)', () => {
  it('were built from the committed Rust source (rebuild with scripts/build-wasm.js after editing it)', () => {
    const source = readFileSync(path.join(repo, 'wasm', 'mlp-train.rs'));
    expect(kernelSourceSha256()).toBe(createHash('sha256').update(source).digest('hex'));
  });

  it('draw dropout masks from the same mulberry32 stream as src/lib/random.ts', () => {
    const kernels = instantiateKernels();
    const memory = new KernelMemory(kernels);
    const at = memory.reserve(1000);
    memory.commit();
    kernels.dropout_mask(at, 1000, 123456, 0.3, 2);
    const draws = mulberry32(123456);
    expect(Array.from(memory.f32(at, 1000))).toEqual(Array.from({ length: 1000 }, () => (draws() >= 0.3 ? 2 : 0)));
  });

  it('lay buffers out aligned, and refuse views of memory not committed yet', () => {
    const memory = new KernelMemory(instantiateKernels());
    const a = memory.reserve(3);
    const b = memory.reserve(5);
    expect(a % 16).toBe(0);
    expect(b % 16).toBe(0);
    expect(b - a).toBeGreaterThanOrEqual(3 * 4 + 16);
    expect(() => memory.f32(b, 5)).toThrow(/uncommitted/);
    memory.commit();
    expect(memory.f32(b, 5)).toHaveLength(5);
  });
});
