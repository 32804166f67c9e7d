/**
 * Prediction through the WebAssembly kernel (predict.wat) on one or two threads. The forest image
 * (forest-image.ts) is copied once into a shared memory; rows go through in chunks: the main thread
 * copies a chunk's values and baselines in, publishes it (predict-slice.ts), takes slices of it
 * together with the worker when there is one, waits for the last slice and copies the scores out.
 * Same leaves added in the same order as the JavaScript walk in predict.ts: the same scores to the bit.
 */
import { BugError } from '../../../errors.js';
import type { CompiledForest } from './compile.js';
import { forestImage } from './forest-image.js';
import {
  type ChunkPlace,
  CONTROL_AT,
  CONTROL_BYTES,
  Ctl,
  type PredictKernel,
  runSlices,
  SLICE_ROWS,
  type SliceLayout,
  scoreRows,
} from './predict-slice.js';
import { PredictWorker } from './predict-threads.js';
import { PREDICT_WASM_BASE64 } from './predict-wasm.js';

const PAGE = 65_536;
/** The kernel's memory may grow to 4 GiB (a shared memory needs a maximum; it is address space, not RAM). */
const MAX_PAGES = 65_536;
/** Bytes of one chunk's rows (values, codes, scores): bounds the memory a large batch adds. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** A worker waits this long without a finished slice before it is taken for dead. */
const STALL_MS = 120_000;

interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

export interface WasmPredictor {
  /**
   * Adds the leaves of trees [0, trees) to `out` (rows × k, holding the baselines). `threads`:
   * 'main' = this thread alone; 'shared' = with a second thread (started on first use) taking
   * slices as it can; 'worker' = the second thread takes every slice while this one waits (tests).
   */
  run(
    x: Float64Array | Float32Array,
    rows: number,
    trees: number,
    out: Float64Array,
    threads: 'main' | 'shared' | 'worker',
  ): void;
  /** Stops the second thread, if one was started. */
  dispose(): void;
  /** Slices of rows the second thread has scored so far. */
  workerSlices(): number;
}

let module: object | null | undefined;
const predictors = new WeakMap<CompiledForest, WasmPredictor | null>();

function wasmApi(): WasmApi | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api || typeof SharedArrayBuffer === 'undefined') return null;
  if (module === undefined) {
    try {
      module = new api.Module(Buffer.from(PREDICT_WASM_BASE64, 'base64'));
    } catch {
      module = null;
    }
  }
  return module ? api : null;
}

function create(forest: CompiledForest, width: number, k: number): WasmPredictor | null {
  const api = wasmApi();
  const image = api && module ? forestImage(forest, width) : null;
  if (!api || !module || !image) return null;
  const compiled = module;
  const base = image.bytes.length;
  const memory = new api.Memory({ initial: Math.ceil(base / PAGE) + 1, maximum: MAX_PAGES, shared: true });
  new Uint8Array(memory.buffer).set(image.bytes);
  const kernel = new api.Instance(compiled, { env: { memory } }).exports as unknown as PredictKernel;
  const layout: SliceLayout = {
    width,
    k,
    roots: image.roots,
    compactRoots: image.compactRoots,
    kind: image.kind,
    count: image.count,
    table: image.table,
  };
  // A view made now stays valid: growing a shared memory keeps its bytes where they are.
  const ctl = new Int32Array(memory.buffer, CONTROL_AT, CONTROL_BYTES / 4);
  const rowBytes = width * 8 + width + k * 8;
  const chunkRows = Math.max(SLICE_ROWS, Math.floor(CHUNK_BYTES / rowBytes / SLICE_ROWS) * SLICE_ROWS);
  let worker: PredictWorker | null = null;
  /** A view of the whole memory, made again when the memory grows (only run() grows it). */
  let f64 = new Float64Array(memory.buffer);

  const waitForSlices = (total: number) => {
    let last = Date.now();
    for (;;) {
      const done = Atomics.load(ctl, Ctl.done);
      if (done >= total) break;
      if (Atomics.wait(ctl, Ctl.done, done, 1000) !== 'timed-out') last = Date.now();
      else if (Date.now() - last > STALL_MS) throw new BugError('The GBDT prediction worker stopped answering.');
    }
    if (Atomics.load(ctl, Ctl.failed) !== 0) throw new BugError('The GBDT prediction kernel failed.');
  };

  return {
    run(x, rows, trees, out, threads) {
      if (threads !== 'main' && !worker) worker = new PredictWorker(memory, compiled, layout);
      const size = Math.min(chunkRows, Math.ceil(rows / 8) * 8);
      const xAt = base;
      const codesAt = xAt + size * width * 8;
      const outAt = Math.ceil((codesAt + size * width) / 8) * 8;
      const need = outAt + size * k * 8;
      if (f64.byteLength < need) {
        memory.grow(Math.ceil((need - f64.byteLength) / PAGE));
        f64 = new Float64Array(memory.buffer);
      }
      const chunk: ChunkPlace = { x: xAt, codes: codesAt, out: outAt, trees };
      for (let r0 = 0; r0 < rows; r0 += size) {
        const n = Math.min(size, rows - r0);
        copyValues(f64, xAt / 8, x, r0 * width, n * width);
        copyValues(f64, outAt / 8, out, r0 * k, n * k);
        if (threads === 'main') {
          // One thread: the kernel called on each slice directly, no claims (the same slices in the same
          // order as runSlices takes them, so the same scores); ~0.6 µs less per call, which single rows feel.
          try {
            // Fewer than 8 rows walk the compact records, a chain of dependent loads each: in a server
            // that waited for its request they come from memory, so they are read first line by line.
            if (n < 8) kernel.touch(image.single, base);
            for (let first = 0; first < n; first += SLICE_ROWS)
              scoreRows(kernel, layout, chunk, first, Math.min(SLICE_ROWS, n - first));
          } catch (error) {
            throw new BugError('The GBDT prediction kernel failed.', { cause: error });
          }
        } else {
          const slices = Math.ceil(n / SLICE_ROWS);
          const begin = Atomics.load(ctl, Ctl.next);
          Atomics.store(ctl, Ctl.rows, n);
          Atomics.store(ctl, Ctl.trees, trees);
          Atomics.store(ctl, Ctl.x, xAt);
          Atomics.store(ctl, Ctl.codes, codesAt);
          Atomics.store(ctl, Ctl.out, outAt);
          Atomics.store(ctl, Ctl.begin, begin);
          Atomics.store(ctl, Ctl.done, 0);
          Atomics.store(ctl, Ctl.failed, 0);
          // Publishing the limit opens the chunk's slices to claims.
          Atomics.store(ctl, Ctl.limit, begin + slices);
          worker?.wake();
          if (threads === 'shared') runSlices(kernel, layout, ctl, false);
          waitForSlices(slices);
        }
        copyValues(out, r0 * k, f64, outAt / 8, n * k);
      }
    },
    dispose() {
      worker?.dispose();
      worker = null;
    },
    workerSlices: () => Atomics.load(ctl, Ctl.workerSlices),
  };
}

/** Values [from, from + count) of `source` to `target` at `at`: a loop for a few (a single row: two subarrays cost more). */
function copyValues(
  target: Float32Array | Float64Array,
  at: number,
  source: Float32Array | Float64Array,
  from: number,
  count: number,
): void {
  if (count > 64) {
    target.set(source.subarray(from, from + count), at);
    return;
  }
  for (let i = 0; i < count; i++) target[at + i] = source[from + i] as number;
}

/**
 * The WebAssembly predictor of a compiled forest over `width` features and `k` scores a row, or null
 * where WebAssembly (or shared memory) is unavailable or the forest has no one-byte image.
 */
export function wasmPredictor(forest: CompiledForest, width: number, k: number): WasmPredictor | null {
  let p = predictors.get(forest);
  if (p === undefined) {
    p = create(forest, width, k);
    predictors.set(forest, p);
  }
  return p;
}

/** Stops the prediction worker of a compiled forest, if one was started (the kernel stays usable). */
export function disposeWasmPredictor(forest: CompiledForest): void {
  predictors.get(forest)?.dispose();
}
