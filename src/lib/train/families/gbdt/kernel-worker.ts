/**
 * Entry point of the GBDT worker thread (started by kernel-pool.ts, never imported): waits for a
 * command in the shared control words, runs it on its part of the shared buffers, signals done.
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
const { Ctl, Cmd } = state;
let seen = 0;
parentPort?.postMessage(s.wasm ? 'ready:wasm' : 'ready:js');
for (;;) {
  Atomics.wait(ctl, Ctl.seq, seen);
  seen = Atomics.load(ctl, Ctl.seq);
  const cmd = Atomics.load(ctl, Ctl.cmd);
  if (cmd === Cmd.stop) break;
  try {
    const a = (i: number) => ctl[Ctl.args + i] as number;
    if (cmd === Cmd.histograms) kernels.buildHistograms(s, s.scratch, a(0), a(1), a(2), a(3) === 1);
    else if (cmd === Cmd.partition) {
      const bitset = a(4) === 1 ? new Uint32Array(ctl.buffer, ctl.byteOffset + Ctl.bitset * 4, 8) : null;
      const split = { feature: a(2), bin: a(3), missingLeft: a(5) === 1, bitset, missingBin: a(6) };
      ctl[Ctl.result] = kernels.partitionRange(s, a(0), a(1), split);
    } else if (cmd === Cmd.gradients) kernels.computeGradients(s, a(0), a(1));
    else s.lossParts[1] = kernels.lossSum(s, a(0), a(1));
  } catch {
    Atomics.store(ctl, Ctl.failed, 1);
  }
  Atomics.store(ctl, Ctl.done, seen);
  Atomics.notify(ctl, Ctl.done);
}
