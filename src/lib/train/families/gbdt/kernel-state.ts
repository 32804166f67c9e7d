/**
 * The shared memory of one fit: every per-row buffer the kernels touch, in one shared
 * WebAssembly memory (so the WebAssembly histogram kernel reaches them) or, when that is not
 * possible, in plain SharedArrayBuffers (the JavaScript kernels then run). A leaf module like
 * kernels.ts (the worker loads it directly).
 */
import type { KernelState, LossKind, WasmKernel } from './kernels.js';

const WASM_PAGE = 65_536;
/** wasm32 addresses 4 GiB; keep a margin (larger fits use the JavaScript kernels). */
const WASM_MAX_BYTES = 4096 * 1024 * 1024 - 64 * WASM_PAGE;

type BufferName =
  | 'binned'
  | 'partition'
  | 'grad'
  | 'hess'
  | 'ordGrad'
  | 'ordHess'
  | 'histMain'
  | 'scratch'
  | 'tmpLeft'
  | 'tmpRight'
  | 'y'
  | 'raw'
  | 'weights'
  | 'lossParts'
  | 'control';

/** Where one buffer lives: a shared buffer and a byte range in it. */
interface Slot {
  buffer: SharedArrayBuffer;
  offset: number;
  bytes: number;
}

interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasmApi = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Everything a thread needs to rebuild the views: sent to the worker as its workerData. */
export interface SharedBuffers {
  rows: number;
  width: number;
  nb: number;
  k: number;
  loss: LossKind;
  buffers: Record<BufferName, Slot>;
  /** The shared WebAssembly memory holding every buffer, and the compiled kernel; null = JavaScript kernels. */
  memory: WasmMemory | null;
  module: object | null;
}

export interface BufferShape {
  rows: number;
  width: number;
  nb: number;
  k: number;
  loss: LossKind;
  weighted: boolean;
  /** Int32 words of the control buffer. */
  controlWords: number;
}

function sizes(shape: BufferShape): Record<BufferName, number> {
  const { rows, width, nb, k } = shape;
  const hist = width * nb * 3 * 8;
  return {
    binned: rows * width,
    partition: rows * 4,
    grad: k * rows * 4,
    hess: k * rows * 4,
    ordGrad: rows * 4,
    ordHess: rows * 4,
    histMain: hist,
    scratch: hist,
    tmpLeft: rows * 4,
    tmpRight: rows * 4,
    y: rows * 8,
    raw: k * rows * 8,
    weights: shape.weighted ? rows * 8 : 0,
    lossParts: 2 * 8,
    control: shape.controlWords * 4,
  };
}

/**
 * Allocates the buffers of a fit: in one shared WebAssembly memory with the compiled kernel when
 * `wasmBytes` is given and the data fits in wasm32's 4 GiB, else in separate SharedArrayBuffers.
 */
export function allocateBuffers(shape: BufferShape, wasmBytes: Uint8Array | null): SharedBuffers {
  const need = sizes(shape);
  const names = Object.keys(need) as BufferName[];
  const align = (n: number) => Math.ceil(n / 8) * 8;
  const total = names.reduce((sum, name) => sum + align(need[name]), 0);
  const api = wasmApi();
  let memory: WasmMemory | null = null;
  let module: object | null = null;
  if (api && wasmBytes && total <= WASM_MAX_BYTES) {
    try {
      module = new api.Module(wasmBytes);
      const pages = Math.max(1, Math.ceil(total / WASM_PAGE));
      memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      module = null;
      memory = null;
    }
  }
  const buffers = {} as Record<BufferName, Slot>;
  let offset = 0;
  for (const name of names) {
    const bytes = need[name];
    if (memory) {
      buffers[name] = { buffer: memory.buffer, offset, bytes };
      offset += align(bytes);
    } else buffers[name] = { buffer: new SharedArrayBuffer(bytes), offset: 0, bytes };
  }
  return { rows: shape.rows, width: shape.width, nb: shape.nb, k: shape.k, loss: shape.loss, buffers, memory, module };
}

function instantiate(memory: WasmMemory, module: object): WasmKernel | null {
  const api = wasmApi();
  if (!api) return null;
  const { exports } = new api.Instance(module, { env: { memory } });
  return {
    buffer: memory.buffer,
    gather: exports.gather as WasmKernel['gather'],
    hist: exports.hist as WasmKernel['hist'],
    partition: exports.partition as WasmKernel['partition'],
  };
}

/** Typed views over the shared buffers (each thread builds its own). */
export function kernelState(s: SharedBuffers): KernelState {
  const b = s.buffers;
  const view = <T>(
    make: new (buffer: SharedArrayBuffer, offset: number, length: number) => T,
    name: BufferName,
    size: number,
  ) => new make(b[name].buffer, b[name].offset, b[name].bytes / size);
  return {
    rows: s.rows,
    width: s.width,
    nb: s.nb,
    k: s.k,
    loss: s.loss,
    binned: view(Uint8Array, 'binned', 1),
    partition: view(Uint32Array, 'partition', 4),
    grad: view(Float32Array, 'grad', 4),
    hess: view(Float32Array, 'hess', 4),
    ordGrad: view(Float32Array, 'ordGrad', 4),
    ordHess: view(Float32Array, 'ordHess', 4),
    histMain: view(Float64Array, 'histMain', 8),
    scratch: view(Float64Array, 'scratch', 8),
    tmpLeft: view(Uint32Array, 'tmpLeft', 4),
    tmpRight: view(Uint32Array, 'tmpRight', 4),
    y: view(Float64Array, 'y', 8),
    raw: view(Float64Array, 'raw', 8),
    weights: view(Float64Array, 'weights', 8),
    lossParts: view(Float64Array, 'lossParts', 8),
    wasm: s.memory && s.module ? instantiate(s.memory, s.module) : null,
  };
}

/** The control words of the protocol. */
export function controlWords(s: SharedBuffers): Int32Array {
  const c = s.buffers.control;
  return new Int32Array(c.buffer, c.offset, c.bytes / 4);
}
