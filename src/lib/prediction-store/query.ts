import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Prediction, Row, StoredPrediction } from '../contracts.js';

/** Which stored predictions to read; times are epoch milliseconds, `until` exclusive. */
export interface PredictionQuery {
  since?: number;
  until?: number;
  modelName?: string;
  modelVersion?: string;
  limit?: number;
}

interface RawRow {
  id: number;
  ts: number;
  request_id: string;
  model_name: string;
  model_version: string;
  inputs: string;
  outputs: string;
  latency_ms: number;
}

function whereClause(q: PredictionQuery): { sql: string; params: SQLInputValue[] } {
  const parts: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (sql: string, value: SQLInputValue | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    params.push(value);
  };
  add('ts >= ?', q.since);
  add('ts < ?', q.until);
  add('model_name = ?', q.modelName);
  add('model_version = ?', q.modelVersion);
  return { sql: parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

function toStored(row: RawRow): StoredPrediction {
  return {
    id: row.id,
    ts: row.ts,
    requestId: row.request_id,
    modelName: row.model_name,
    modelVersion: row.model_version,
    inputs: JSON.parse(row.inputs) as Row,
    outputs: JSON.parse(row.outputs) as Prediction,
    latencyMs: row.latency_ms,
  };
}

function selectSql(q: PredictionQuery): { sql: string; params: SQLInputValue[] } {
  const where = whereClause(q);
  const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
  return { sql: `SELECT * FROM predictions${where.sql} ORDER BY ts, id${limit}`, params: where.params };
}

/** Stored predictions in time order. */
export function queryPredictions(db: DatabaseSync, q: PredictionQuery = {}): StoredPrediction[] {
  const { sql, params } = selectSql(q);
  return (db.prepare(sql).all(...params) as unknown as RawRow[]).map(toStored);
}

/** The same rows as {@link queryPredictions}, one at a time (exports of any size). */
export function* iteratePredictions(db: DatabaseSync, q: PredictionQuery = {}): Generator<StoredPrediction> {
  const { sql, params } = selectSql(q);
  for (const row of db.prepare(sql).iterate(...params)) yield toStored(row as unknown as RawRow);
}

/** How many stored predictions match. */
export function countPredictions(db: DatabaseSync, q: PredictionQuery = {}): number {
  const where = whereClause({ ...q, limit: undefined });
  const row = db.prepare(`SELECT COUNT(*) AS n FROM predictions${where.sql}`).get(...where.params) as { n: number };
  return row.n;
}
