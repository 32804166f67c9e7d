import type { MlxConfig } from '../../config/index.js';
import type { TrainResult } from '../train-run.js';

/** Parent → worker: train one sweep member; or stop (Ctrl-C): keep the best model so far. */
export type ToWorker =
  | { type: 'train'; root: string; config: MlxConfig; register: boolean; force: boolean }
  | { type: 'abort'; reason: string };

/** Worker → parent: a log line, the result, or the failure (an MlxError keeps its code, hint and exit code). */
export type FromWorker =
  | { type: 'log'; level: string; message: string; meta: Record<string, unknown> }
  | { type: 'done'; result: TrainResult }
  | {
      type: 'failed';
      error: { name: string; message: string; code: string | null; hint: string | null; stack: string | null };
    };
