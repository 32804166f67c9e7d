/**
 * Entry point of the GBDT prediction worker (started by predict-threads.ts, never imported): it
 * instantiates the prediction kernel over the shared memory and, at each wake-up message, claims and
 * runs slices of the published chunk (predict-slice.ts) until none is left. It loads predict-slice
 * with its own file extension (.js after the build, .ts through Node's type stripping in tests).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PredictKernel, SliceLayout } from './predict-slice.js';

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const slices = (await import(
  new URL(`./predict-slice.${ext}`, import.meta.url).href
)) as typeof import('./predict-slice.js');

interface WorkerInput {
  memory: { buffer: SharedArrayBuffer };
  module: object;
  layout: SliceLayout;
}
interface WasmInstanceApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const { memory, module, layout } = (workerData as { mlxGbdtPredict: WorkerInput }).mlxGbdtPredict;
const api = (globalThis as unknown as { WebAssembly: WasmInstanceApi }).WebAssembly;
const kernel = new api.Instance(module, { env: { memory } }).exports as unknown as PredictKernel;
const ctl = new Int32Array(memory.buffer, slices.CONTROL_AT, slices.CONTROL_BYTES / 4);
parentPort?.on('message', () => slices.runSlices(kernel, layout, ctl, true));
