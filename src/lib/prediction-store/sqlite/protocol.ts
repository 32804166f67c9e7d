import type { StoreRow } from '../types.js';

/** What the writer thread is started with (workerData). */
export interface WorkerSettings {
  path: string;
  migrations: readonly string[];
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
}

/**
 * A batch of rows as a few texts and typed arrays: structured cloning costs per value cloned, so one
 * string per text column, the rows' texts joined by newlines (JSON.stringify never writes a raw newline,
 * uids are generated and a spill file's are checked when it is read; the writer thread refuses a commit
 * whose texts do not split into its rows, so a stray newline can never shift a row's fields), and the
 * request id, model name and version once per run of rows that share them (a 1,000-row request is one
 * run). The main thread's part of a 1,000-row commit fell from ~0.6 to ~0.25–0.3 ms against one array
 * element per row and field (`npm run bench -- store-write`, 2026-12-03).
 */
export interface RowColumns {
  /** The rows' uids, joined by newlines. */
  uid: string;
  ts: Float64Array;
  /** Runs of consecutive rows with the same request id, model name and version: parallel arrays. */
  runs: { requestId: string[]; modelName: string[]; modelVersion: string[]; rows: number[] };
  /** The rows' input JSON texts, joined by newlines. */
  inputs: string;
  /** The rows' output JSON texts, joined by newlines. */
  outputs: string;
  latencyMs: Float64Array;
}

/** The columns of `rows` (main thread). */
export function toColumns(rows: readonly StoreRow[]): RowColumns {
  const n = rows.length;
  const uid = new Array<string>(n);
  const inputs = new Array<string>(n);
  const outputs = new Array<string>(n);
  const ts = new Float64Array(n);
  const latencyMs = new Float64Array(n);
  const runs: RowColumns['runs'] = { requestId: [], modelName: [], modelVersion: [], rows: [] };
  let last: StoreRow | undefined;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as StoreRow;
    uid[i] = r.uid;
    inputs[i] = r.inputs;
    outputs[i] = r.outputs;
    ts[i] = r.ts;
    latencyMs[i] = r.latencyMs;
    if (
      last &&
      last.requestId === r.requestId &&
      last.modelName === r.modelName &&
      last.modelVersion === r.modelVersion
    ) {
      (runs.rows[runs.rows.length - 1] as number)++;
    } else {
      runs.requestId.push(r.requestId);
      runs.modelName.push(r.modelName);
      runs.modelVersion.push(r.modelVersion);
      runs.rows.push(1);
    }
    last = r;
  }
  return { uid: uid.join('\n'), ts, runs, inputs: inputs.join('\n'), outputs: outputs.join('\n'), latencyMs };
}

/** Main thread → writer thread. */
export type WorkerRequest = { type: 'commit'; id: number; rows: RowColumns } | { type: 'close' };

/** Writer thread → main thread. */
export type WorkerReply =
  | { type: 'ready'; version: number }
  | { type: 'failed'; message: string }
  | { type: 'committed'; id: number }
  | { type: 'error'; id: number; message: string; busy: boolean };
