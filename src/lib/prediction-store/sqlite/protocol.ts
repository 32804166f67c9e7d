import type { StoreRow } from '../types.js';

/** What the writer thread is started with (workerData). */
export interface WorkerSettings {
  path: string;
  migrations: readonly string[];
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
}

/** Main thread → writer thread. */
export type WorkerRequest = { type: 'commit'; id: number; rows: readonly StoreRow[] } | { type: 'close' };

/** Writer thread → main thread. */
export type WorkerReply =
  | { type: 'ready'; version: number }
  | { type: 'failed'; message: string }
  | { type: 'committed'; id: number }
  | { type: 'error'; id: number; message: string; busy: boolean };
