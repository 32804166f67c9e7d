import { readFileSync } from 'node:fs';

// The WebAssembly JS API, typed here: the project's `lib` (es2024, no DOM) does not declare it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WebAssemblyApi {
  Module: { new (bytes: Uint8Array): WasmModule; customSections(module: WasmModule, name: string): ArrayBuffer[] };
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The MLP kernels: wasm/mlp-train.rs compiled to WebAssembly with SIMD (scripts/build-wasm.js),
 * committed as mlp-train.wasm next to this file. The family's scorer runs the forward pass on them
 * (kernel-scorer.ts); the trainer (src/lib/train/families/tfjs-mlp) runs every training step on them. Every argument named like a buffer is a byte offset
 * into the instance's memory; see the Rust source for what each kernel computes and in which order.
 */
export interface KernelExports {
  memory: WasmMemory;
  __heap_base: { value: unknown };
  dense_forward(a: number, m: number, k: number, w: number, n: number, b: number, act: number, out: number): void;
  sparse_forward(ptr: number, ent: number, m: number, w: number, n: number, b: number, act: number, out: number): void;
  weight_grad(a: number, m: number, k: number, d: number, n: number, dw: number): void;
  sparse_weight_grad(
    ptr: number,
    ent: number,
    m: number,
    k: number,
    d: number,
    n: number,
    dw: number,
    colPtr: number,
    col: number,
  ): void;
  to_csr(x: number, m: number, k: number, ptr: number, ent: number, stride: number): number;
  csr_gather(store: number, stride: number, order: number, n: number, ptr: number, ent: number, meta: number): void;
  bias_grad(d: number, m: number, n: number, db: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  fill(x: number, len: number, value: number): void;
  mul(x: number, y: number, out: number, len: number): void;
  act_backward(d: number, h: number, len: number, act: number): void;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    len: number,
    lr: number,
    beta1: number,
    beta2: number,
    c1: number,
    c2: number,
    eps: number,
    decay: number,
  ): void;
  sgd(w: number, g: number, len: number, lr: number, decay: number): void;
  rmsprop(w: number, g: number, a: number, len: number, lr: number, rho: number, eps: number, decay: number): void;
  dropout_mask(out: number, len: number, seed: number, rate: number, scale: number): void;
}

/** Activation codes of the kernels (ACT_* in the Rust source). */
export const ACT = { linear: 0, relu: 1, tanh: 2, sigmoid: 3, elu: 4, selu: 5 } as const;
export type KernelActivation = keyof typeof ACT;

const FUNCTIONS = [
  'dense_forward',
  'sparse_forward',
  'weight_grad',
  'sparse_weight_grad',
  'to_csr',
  'csr_gather',
  'bias_grad',
  'transpose',
  'fill',
  'mul',
  'act_backward',
  'adam',
  'sgd',
  'rmsprop',
  'dropout_mask',
] as const;

let compiled: WasmModule | undefined;

/** The compiled module (compiled once per process, on first use). */
export function kernelModule(): WasmModule {
  compiled ??= new wasm.Module(readFileSync(new URL('./mlp-train.wasm', import.meta.url)));
  return compiled;
}

/** The sha256 of the Rust source the module was built from (recorded in lineage as the kernels' version). */
export function kernelSourceSha256(): string {
  const [section] = wasm.Module.customSections(kernelModule(), 'mlx-source-sha256');
  return section ? Buffer.from(section).toString('utf8') : 'unknown';
}

/** A fresh instance (its own memory) of the kernels. */
export function instantiateKernels(): KernelExports {
  const { exports } = new wasm.Instance(kernelModule(), {});
  for (const name of [...FUNCTIONS, 'memory', '__heap_base'])
    if (!(name in exports))
      throw new Error(`mlp-train.wasm does not export ${name}: rebuild it (scripts/build-wasm.js)`);
  return exports as unknown as KernelExports;
}

/** The smallest normal float32 (2⁻¹²⁶). */
const MIN_NORMAL_F32 = 2 ** -126;

/**
 * Replaces every subnormal value of `values` (0 < |x| < 2⁻¹²⁶) with 0, in place, as the optimiser kernels
 * store weights (`flush` in wasm/mlp-train.rs); returns how many it replaced. For models trained before
 * the kernels flushed: weight decay had left the weights of never-active units subnormal, and a multiply
 * by a subnormal costs ~100 cycles on many x86 CPUs (such a model predicted 15× slower). A product with a
 * subnormal weight is below 2⁻¹²⁶ times the input, far under the last bit of any sum it joins.
 */
export function flushSubnormals(values: Float32Array): number {
  let flushed = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== 0 && Math.abs(v) < MIN_NORMAL_F32) {
      values[i] = 0;
      flushed++;
    }
  }
  return flushed;
}

/** Bytes after every buffer: the kernels read up to 3 floats past a row in column tails. */
const PAD = 16;

/**
 * Lays buffers out in the kernels' memory: reserve buffers, `commit()` grows the memory to hold them,
 * then take views. Reserving and committing again is allowed, but growing detaches every earlier view:
 * take views after the last commit. Buffers are 16-byte aligned and padded.
 */
export class KernelMemory {
  private next: number;
  private committed = 0;

  constructor(readonly kernels: KernelExports) {
    this.next = align(kernels.__heap_base.value as number);
  }

  /** Reserves `length` 4-byte elements; returns the byte offset. */
  reserve(length: number): number {
    const at = this.next;
    this.next = align(at + Math.max(length, 0) * 4 + PAD);
    return at;
  }

  /** Grows the memory to hold every reserved buffer. */
  commit(): void {
    const { memory } = this.kernels;
    const missing = this.next - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65_536));
    this.committed = this.next;
  }

  /** A float32 view of a committed buffer. */
  f32(at: number, length: number): Float32Array {
    this.check(at, length);
    return new Float32Array(this.kernels.memory.buffer, at, length);
  }

  /** A uint32 view of a committed buffer. */
  u32(at: number, length: number): Uint32Array {
    this.check(at, length);
    return new Uint32Array(this.kernels.memory.buffer, at, length);
  }

  private check(at: number, length: number): void {
    if (at + length * 4 > this.committed) throw new Error('KernelMemory: view of an uncommitted buffer');
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}
