import type { DatabaseSync } from 'node:sqlite';

/** The fixed store schema (read by `mlx drift` and `mlx predictions export`): one row per predicted instance. */
export const CREATE_PREDICTIONS_SQL = `
CREATE TABLE IF NOT EXISTS predictions (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL /* epoch ms */,
  request_id TEXT NOT NULL, model_name TEXT NOT NULL, model_version TEXT NOT NULL,
  inputs TEXT NOT NULL /* JSON object */, outputs TEXT NOT NULL /* JSON Prediction */, latency_ms REAL NOT NULL);
CREATE INDEX IF NOT EXISTS predictions_ts ON predictions (ts);
`;

export const INSERT_PREDICTION_SQL =
  'INSERT INTO predictions (ts, request_id, model_name, model_version, inputs, outputs, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?)';

/** Pragmas of the writing connection: WAL so that readers never block the server. */
export function configureWriter(db: DatabaseSync): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(CREATE_PREDICTIONS_SQL);
}
