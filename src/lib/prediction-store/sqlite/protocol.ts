import type { RowBlock } from '../row-block.js';
import { isBlock } from '../rows.js';
import type { PackedRows, RowRun } from '../types.js';

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
 * element per row and field (`npm run bench -- store-write`, 2026-12-03); the queue now holds rows packed
 * this way already (RowRun), so a commit only joins its runs.
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

/** A commit's rows in order: runs of text rows as RowColumns, batch requests as their RowBlock. */
export type CommitPart = { texts: RowColumns } | { block: RowBlock };

/** A commit's parts (main thread): consecutive text runs become one RowColumns, blocks go as they are. */
export function toParts(packed: readonly PackedRows[]): CommitPart[] {
  const parts: CommitPart[] = [];
  let runs: RowRun[] = [];
  const flushRuns = () => {
    if (runs.length > 0) parts.push({ texts: toColumns(runs) });
    runs = [];
  };
  for (const p of packed) {
    if (isBlock(p)) {
      flushRuns();
      parts.push({ block: p });
    } else runs.push(p);
  }
  flushRuns();
  return parts;
}

/** The columns of the runs' rows (main thread): their texts are joined already, so this joins runs. */
export function toColumns(runs: readonly RowRun[]): RowColumns {
  let n = 0;
  for (const r of runs) n += r.count;
  const uid = new Array<string>(runs.length);
  const inputs = new Array<string>(runs.length);
  const outputs = new Array<string>(runs.length);
  const ts = new Float64Array(n);
  const latencyMs = new Float64Array(n);
  const meta: RowColumns['runs'] = { requestId: [], modelName: [], modelVersion: [], rows: [] };
  let at = 0;
  let last: RowRun | undefined;
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i] as RowRun;
    uid[i] = r.uid;
    inputs[i] = r.inputs;
    outputs[i] = r.outputs;
    ts.fill(r.ts, at, at + r.count);
    latencyMs.fill(r.latencyMs, at, at + r.count);
    at += r.count;
    if (
      last &&
      last.requestId === r.requestId &&
      last.modelName === r.modelName &&
      last.modelVersion === r.modelVersion
    ) {
      (meta.rows[meta.rows.length - 1] as number) += r.count;
    } else {
      meta.requestId.push(r.requestId);
      meta.modelName.push(r.modelName);
      meta.modelVersion.push(r.modelVersion);
      meta.rows.push(r.count);
    }
    last = r;
  }
  return { uid: uid.join('\n'), ts, runs: meta, inputs: inputs.join('\n'), outputs: outputs.join('\n'), latencyMs };
}

/** Main thread → writer thread. */
export type WorkerRequest = { type: 'commit'; id: number; parts: CommitPart[] } | { type: 'close' };

/** Writer thread → main thread. */
export type WorkerReply =
  | { type: 'ready'; version: number }
  | { type: 'failed'; message: string }
  | { type: 'committed'; id: number }
  | { type: 'error'; id: number; message: string; busy: boolean };
