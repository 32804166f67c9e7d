/**
 * Entry point of the GBDT worker thread (started by kernel-pool.ts, never imported): waits for a
 * command in the shared control words, takes it unless the main thread already did, runs it on
 * its half of the rows, signals done.
 * It loads the kernels with the file extension it was itself loaded with (.js after the build,
 * .ts through Node's type stripping in tests and benchmarks).
 */
import { parentPort, workerData } from 'node:worker_threads';

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const kernels = (await import(new URL(`./kernels.${ext}`, import.meta.url).href)) as typeof import('./kernels.js');
const state = (await import(
  new URL(`./kernel-state.${ext}`, import.meta.url).href
)) as typeof import('./kernel-state.js');

const shared = (workerData as { mlxGbdtKernels: import('./kernel-state.js').SharedBuffers }).mlxGbdtKernels;
const s = state.kernelState(shared);
const ctl = state.controlWords(shared);
const { Ctl, Cmd } = kernels;
let seen = 0;
parentPort?.postMessage(s.wasm ? 'ready:wasm' : 'ready:js');
for (;;) {
  Atomics.wait(ctl, Ctl.seq, seen);
  seen = Atomics.load(ctl, Ctl.seq);
  if (Atomics.load(ctl, Ctl.cmd) === Cmd.stop) break;
  // Taken by the main thread already (this thread was late): nothing to do.
  if (Atomics.compareExchange(ctl, Ctl.claim, seen - 1, seen) !== seen - 1) continue;
  try {
    kernels.runCommand(s, ctl);
  } catch {
    Atomics.store(ctl, Ctl.failed, 1);
  }
  Atomics.store(ctl, Ctl.done, seen);
  Atomics.notify(ctl, Ctl.done);
}
