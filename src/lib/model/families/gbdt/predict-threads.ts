import { Worker } from 'node:worker_threads';
import type { SliceLayout } from './predict-slice.js';

/**
 * The second prediction thread of one model: a worker sharing the kernel's memory, started on the
 * first large batch and unref'ed (it never keeps a process alive). It idles in its event loop and,
 * when woken, takes slices of the published chunk like the main thread does; a worker still
 * starting simply takes none (the main thread does them all).
 */
export class PredictWorker {
  private readonly worker: Worker;
  private alive = true;

  constructor(memory: { buffer: SharedArrayBuffer }, module: object, layout: SliceLayout) {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    this.worker = new Worker(new URL(`./predict-worker.${ext}`, import.meta.url), {
      workerData: { mlxGbdtPredict: { memory, module, layout } },
    });
    this.worker.unref();
    const down = () => {
      this.alive = false;
    };
    this.worker.once('error', down);
    this.worker.once('exit', down);
  }

  /** Asks the worker to take slices of the chunk just published (a no-op once it is gone). */
  wake(): void {
    if (this.alive) this.worker.postMessage(0);
  }

  /** Stops the worker (between batches nothing is in flight: every batch waits for its slices). */
  dispose(): void {
    this.alive = false;
    void this.worker.terminate();
  }
}
