/**
 * The SQLite schema, one entry per version (`PRAGMA user_version` records how many were applied). Append
 * only: a released entry never changes. Stores written before versioning (user_version 0) already have
 * version 1's table, which is why it says IF NOT EXISTS.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS predictions (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL /* epoch ms */,
    request_id TEXT NOT NULL, model_name TEXT NOT NULL, model_version TEXT NOT NULL,
    inputs TEXT NOT NULL /* JSON object */, outputs TEXT NOT NULL /* JSON Prediction */, latency_ms REAL NOT NULL);
   CREATE INDEX IF NOT EXISTS predictions_ts ON predictions (ts);`,
  // A unique id per row: a retried batch or an ingested spill file is stored once (NULL for older rows).
  `ALTER TABLE predictions ADD COLUMN uid TEXT;
   CREATE UNIQUE INDEX predictions_uid ON predictions (uid);`,
];
