/**
 * Prediction through the WebAssembly kernel (predict.wat): the compiled forest is copied once into
 * the module's memory; rows go through in chunks (copied in as float64, scores copied out). Same
 * walk and same additions as the JavaScript loop in predict.ts, so the same scores to the bit.
 */
import type { CompiledForest } from './compile.js';
import { PREDICT_WASM_BASE64 } from './predict-wasm.js';

/** Rows per call into WebAssembly (bounds the memory: chunk × width × 8 bytes of input). */
const CHUNK_ROWS = 16_384;
const PAGE = 65_536;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

type PredictFn = (...args: number[]) => void;

export interface WasmPredictor {
  /** Adds the leaves of trees [0, trees) to `out` (rows × k, holding the baselines). */
  run(x: Float64Array | Float32Array, rows: number, width: number, k: number, trees: number, out: Float64Array): void;
}

let module: object | null | undefined;
const predictors = new WeakMap<CompiledForest, WasmPredictor | null>();

function wasmModule(api: WasmApi): object | null {
  if (module === undefined) {
    try {
      module = new api.Module(Buffer.from(PREDICT_WASM_BASE64, 'base64'));
    } catch {
      module = null;
    }
  }
  return module;
}

function create(forest: CompiledForest): WasmPredictor | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  const compiled = api ? wasmModule(api) : null;
  if (!api || !compiled) return null;
  const arrays = [
    forest.roots,
    forest.feature,
    forest.threshold,
    forest.child,
    forest.flags,
    forest.isLeaf,
    forest.value,
    forest.catCount,
    forest.catOffset,
    forest.catRight,
  ] as const;
  const offsets: number[] = [];
  let end = 0;
  for (const a of arrays) {
    offsets.push(end);
    end += Math.ceil(a.byteLength / 8) * 8;
  }
  const base = end;
  const memory = new api.Memory({ initial: Math.ceil(base / PAGE) + 1 });
  const bytes = () => new Uint8Array(memory.buffer);
  arrays.forEach((a, i) => {
    bytes().set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]);
  });
  const predict = new api.Instance(compiled, { env: { memory } }).exports.predict as PredictFn;
  return {
    run(x, rows, width, k, trees, out) {
      const xBytes = CHUNK_ROWS * width * 8;
      const need = base + xBytes + CHUNK_ROWS * k * 8;
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows - r0);
        // Views are made after any grow (growing detaches the old buffer).
        new Float64Array(memory.buffer, base, n * width).set(x.subarray(r0 * width, (r0 + n) * width));
        const scores = new Float64Array(memory.buffer, base + xBytes, n * k);
        scores.set(out.subarray(r0 * k, (r0 + n) * k));
        predict(base, n, width, base + xBytes, k, offsets[0] as number, trees, ...offsets.slice(1));
        out.set(scores, r0 * k);
      }
    },
  };
}

/** The WebAssembly predictor of a compiled forest, or null where WebAssembly is unavailable. */
export function wasmPredictor(forest: CompiledForest): WasmPredictor | null {
  let p = predictors.get(forest);
  if (p === undefined) {
    p = create(forest);
    predictors.set(forest, p);
  }
  return p;
}
