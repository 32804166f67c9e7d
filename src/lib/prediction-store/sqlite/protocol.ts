import type { StoreRow } from '../types.js';

/** What the writer thread is started with (workerData). */
export interface WorkerSettings {
  path: string;
  migrations: readonly string[];
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
}

/**
 * A batch of rows as columns: structured-cloning one array per field costs the main thread a fraction
 * of cloning one object per row (~1 ms for 500 rows: a stall every commit under load). `inputs` and
 * `outputs` are the rows' JSON texts joined by newlines (JSON.stringify never writes a raw newline).
 */
export interface RowColumns {
  uid: string[];
  ts: Float64Array;
  requestId: string[];
  modelName: string[];
  modelVersion: string[];
  inputs: string;
  outputs: string;
  latencyMs: Float64Array;
}

/** The columns of `rows` (main thread). */
export function toColumns(rows: readonly StoreRow[]): RowColumns {
  for (const r of rows)
    if (r.inputs.includes('\n') || r.outputs.includes('\n'))
      throw new Error('a store row holds JSON with a raw newline');
  return {
    uid: rows.map((r) => r.uid),
    ts: Float64Array.from(rows, (r) => r.ts),
    requestId: rows.map((r) => r.requestId),
    modelName: rows.map((r) => r.modelName),
    modelVersion: rows.map((r) => r.modelVersion),
    inputs: rows.map((r) => r.inputs).join('\n'),
    outputs: rows.map((r) => r.outputs).join('\n'),
    latencyMs: Float64Array.from(rows, (r) => r.latencyMs),
  };
}

/** Main thread → writer thread. */
export type WorkerRequest = { type: 'commit'; id: number; rows: RowColumns } | { type: 'close' };

/** Writer thread → main thread. */
export type WorkerReply =
  | { type: 'ready'; version: number }
  | { type: 'failed'; message: string }
  | { type: 'committed'; id: number }
  | { type: 'error'; id: number; message: string; busy: boolean };
