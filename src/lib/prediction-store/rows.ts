import { randomBytes } from 'node:crypto';
import type { Prediction, Row, StoredPrediction } from '../contracts.js';
import { BugError } from '../errors.js';
import { predictionJson } from './prediction-json.js';
import { type RowBlock, shapedText, shapedTexts, sliceBlock, uidText } from './row-block.js';
import type { PackedRows, PredictionRecord, RelayedRows, RowRun, StoreRow } from './types.js';

let prefix: string | undefined;
let sequence = 0;

const uidPrefix = (): string => {
  prefix ??= randomBytes(9).toString('base64url');
  return prefix;
};

/** `n` consecutive uid counters of this process: the prefix and the first of them (see uidText). */
function reserveUids(n: number): { prefix: string; first: number } {
  const first = sequence + 1;
  sequence += n;
  return { prefix: uidPrefix(), first };
}

/**
 * A unique row id: a random per-process prefix and a counter (cheaper than a UUID per row), the counter in
 * base 36 zero-padded so that a process's ids sort in the order it made them: each insert into the store's
 * UNIQUE index on uid lands at the end of the process's range instead of anywhere in it.
 */
export function nextUid(): string {
  return uidText(uidPrefix(), ++sequence);
}

/** The row every backend writes for a record (JSON encoded once, on the way in). */
export function toStoreRow(record: PredictionRecord): StoreRow {
  return {
    uid: nextUid(),
    ts: record.ts,
    requestId: record.requestId,
    modelName: record.modelName,
    modelVersion: record.modelVersion,
    inputs: JSON.stringify(record.inputs),
    outputs: predictionJson(record.outputs),
    latencyMs: record.latencyMs,
  };
}

/**
 * One request's records (they share time, request id, model and latency) as a RowBlock, or null when their
 * inputs or outputs are not all of one shape (then each row is encoded with toStoreRow).
 */
export function toRowBlock(records: readonly PredictionRecord[]): RowBlock | null {
  const first = records[0];
  if (!first) return null;
  for (const r of records) {
    if (
      r.ts !== first.ts ||
      r.requestId !== first.requestId ||
      r.modelName !== first.modelName ||
      r.modelVersion !== first.modelVersion ||
      r.latencyMs !== first.latencyMs
    )
      return null;
  }
  const inputs = shapedTexts(records.map((r) => r.inputs));
  const outputs = inputs && shapedTexts(records.map((r) => r.outputs));
  if (!inputs || !outputs) return null;
  const { prefix, first: uidFirst } = reserveUids(records.length);
  const { ts, requestId, modelName, modelVersion, latencyMs } = first;
  return {
    kind: 'block',
    count: records.length,
    uidPrefix: prefix,
    uidFirst,
    ts,
    requestId,
    modelName,
    modelVersion,
    latencyMs,
    inputs,
    outputs,
  };
}

export const isBlock = (rows: PackedRows | RelayedRows): rows is RowBlock => (rows as RowBlock).kind === 'block';

/** Row i of a block as a StoreRow. */
export function blockRow(b: RowBlock, i: number): StoreRow {
  return {
    uid: uidText(b.uidPrefix, b.uidFirst + i),
    ts: b.ts,
    requestId: b.requestId,
    modelName: b.modelName,
    modelVersion: b.modelVersion,
    inputs: shapedText(b.inputs, i),
    outputs: shapedText(b.outputs, i),
    latencyMs: b.latencyMs,
  };
}

/** A block's rows, one StoreRow each. */
export function blockRows(b: RowBlock): StoreRow[] {
  return Array.from({ length: b.count }, (_, i) => blockRow(b, i));
}

/** How many rows `items` hold. */
export function rowCount(items: readonly RelayedRows[]): number {
  let n = 0;
  for (const item of items) n += isBlock(item) ? item.count : 1;
  return n;
}

/** Rows [start, end) of `items` (counted as rowCount counts them), packed: text rows into runs, blocks sliced. */
export function packRange(items: readonly RelayedRows[], start: number, end: number): PackedRows[] {
  const packed: PackedRows[] = [];
  let texts: StoreRow[] = [];
  const flushTexts = () => {
    if (texts.length > 0) appendRuns(packed, packRows(texts));
    texts = [];
  };
  let at = 0;
  for (const item of items) {
    if (at >= end) break;
    const n = isBlock(item) ? item.count : 1;
    if (at + n > start) {
      if (isBlock(item)) {
        flushTexts();
        packed.push(sliceBlock(item, Math.max(0, start - at), Math.min(n, end - at)));
      } else texts.push(item);
    }
    at += n;
  }
  flushTexts();
  return packed;
}

const sameRun = (a: StoreRow, b: StoreRow): boolean =>
  a.ts === b.ts &&
  a.requestId === b.requestId &&
  a.modelName === b.modelName &&
  a.modelVersion === b.modelVersion &&
  a.latencyMs === b.latencyMs;

/** One run of a group of consecutive rows (count 1 each) or runs, all of the same run (see sameRun). */
function joinRuns(group: readonly (StoreRow & { count?: number })[]): RowRun {
  const first = group[0] as StoreRow & { count?: number };
  if (group.length === 1) return { ...first, count: first.count ?? 1 };
  let count = 0;
  for (const r of group) count += r.count ?? 1;
  return {
    ...first,
    count,
    uid: group.map((r) => r.uid).join('\n'),
    inputs: group.map((r) => r.inputs).join('\n'),
    outputs: group.map((r) => r.outputs).join('\n'),
  };
}

/** Rows packed into runs of consecutive rows with the same time, request, model and latency (see RowRun). */
export function packRows(rows: readonly StoreRow[]): RowRun[] {
  const runs: RowRun[] = [];
  for (let i = 0; i < rows.length; ) {
    let end = i + 1;
    while (end < rows.length && sameRun(rows[i] as StoreRow, rows[end] as StoreRow)) end++;
    runs.push(joinRuns(rows.slice(i, end)));
    i = end;
  }
  return runs;
}

/** Appends `more` to `runs`, merging the first of `more` into the last of `runs` when they share a run. */
export function appendRuns(runs: PackedRows[], more: readonly RowRun[]): void {
  for (const run of more) {
    const last = runs[runs.length - 1];
    if (last && !isBlock(last) && sameRun(last, run)) runs[runs.length - 1] = joinRuns([last, run]);
    else runs.push(run);
  }
}

/** The rows of runs and blocks, one StoreRow each (the spill file and PostgreSQL's INSERT take rows). */
export function unpackRuns(packed: readonly PackedRows[]): StoreRow[] {
  const rows: StoreRow[] = [];
  for (const run of packed) {
    if (isBlock(run)) {
      for (const row of blockRows(run)) rows.push(row);
      continue;
    }
    const { count, uid, inputs, outputs, ...shared } = run;
    if (count === 1) {
      rows.push({ ...shared, uid, inputs, outputs });
      continue;
    }
    const uids = uid.split('\n');
    const ins = inputs.split('\n');
    const outs = outputs.split('\n');
    if (uids.length !== count || ins.length !== count || outs.length !== count)
      throw new BugError(`a run's texts do not split into its ${count} rows`);
    for (let i = 0; i < count; i++)
      rows.push({ ...shared, uid: uids[i] as string, inputs: ins[i] as string, outputs: outs[i] as string });
  }
  return rows;
}

/** A row as the SQL readers select it (`inputs`/`outputs` as JSON text or already parsed). */
export interface SelectedRow {
  id: number | string;
  ts: number | string;
  request_id: string;
  model_name: string;
  model_version: string;
  inputs: string | Row;
  outputs: string | Prediction;
  latency_ms: number | string;
}

/** The columns every reader selects, in this order. */
export const SELECT_COLUMNS = 'id, ts, request_id, model_name, model_version, inputs, outputs, latency_ms';

/** A selected row as the contract's StoredPrediction. */
export function toStored(row: SelectedRow): StoredPrediction {
  return {
    id: Number(row.id),
    ts: Number(row.ts),
    requestId: row.request_id,
    modelName: row.model_name,
    modelVersion: row.model_version,
    inputs: typeof row.inputs === 'string' ? (JSON.parse(row.inputs) as Row) : row.inputs,
    outputs: typeof row.outputs === 'string' ? (JSON.parse(row.outputs) as Prediction) : row.outputs,
    latencyMs: Number(row.latency_ms),
  };
}
