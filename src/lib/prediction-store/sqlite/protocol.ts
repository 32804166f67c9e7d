import { type JsonStream, jsonStreamWriter } from '../json-stream.js';
import type { QueuedRow } from '../types.js';

/** What the writer thread is started with (workerData). */
export interface WorkerSettings {
  path: string;
  migrations: readonly string[];
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
}

/**
 * A batch of rows as columns: structured-cloning one array per field costs the main thread a fraction
 * of cloning one object per row (~1 ms for 500 rows: a stall every commit under load). `values` holds
 * each row's inputs then outputs (json-stream.ts): the writer thread writes their JSON, exactly as
 * JSON.stringify does; rows that arrive as JSON text travel as that text.
 */
export interface RowColumns {
  uid: string[];
  ts: Float64Array;
  requestId: string[];
  modelName: string[];
  modelVersion: string[];
  values: JsonStream;
  latencyMs: Float64Array;
}

/** The columns of `rows` (main thread). */
export function toColumns(rows: readonly QueuedRow[]): RowColumns {
  const n = rows.length;
  // ~26 items a row for a penguin and its 3-class prediction (objects, keys, values): sized once.
  const values = jsonStreamWriter(n * 32);
  const uid: string[] = new Array(n);
  const ts = new Float64Array(n);
  const requestId: string[] = new Array(n);
  const modelName: string[] = new Array(n);
  const modelVersion: string[] = new Array(n);
  const latencyMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as QueuedRow;
    uid[i] = r.uid;
    ts[i] = r.ts;
    requestId[i] = r.requestId;
    modelName[i] = r.modelName;
    modelVersion[i] = r.modelVersion;
    latencyMs[i] = r.latencyMs;
    values.add(r.inputs, typeof r.inputs === 'string');
    values.add(r.outputs, typeof r.outputs === 'string');
  }
  return { uid, ts, requestId, modelName, modelVersion, values: values.finish(), latencyMs };
}

/** Main thread → writer thread. */
export type WorkerRequest = { type: 'commit'; id: number; rows: RowColumns } | { type: 'close' };

/** Writer thread → main thread. */
export type WorkerReply =
  | { type: 'ready'; version: number }
  | { type: 'failed'; message: string }
  | { type: 'committed'; id: number }
  | { type: 'error'; id: number; message: string; busy: boolean };
