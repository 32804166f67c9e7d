import { randomBytes } from 'node:crypto';
import type { Prediction, Row, StoredPrediction } from '../contracts.js';
import { predictionJson } from './prediction-json.js';
import type { PredictionRecord, StoreRow } from './types.js';

let prefix: string | undefined;
let sequence = 0;

/** A unique row id: a random per-process prefix and a counter (cheaper than a UUID per row). */
export function nextUid(): string {
  prefix ??= randomBytes(9).toString('base64url');
  sequence++;
  return `${prefix}.${sequence.toString(36)}`;
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
