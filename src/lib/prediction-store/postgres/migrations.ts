import type { Sql } from './client.js';

/**
 * The PostgreSQL schema, one entry (a list of statements) per version, recorded in mlx_schema_migrations.
 * Append only. The same columns as SQLite's; inputs/outputs are `json` (keeps the key order, unlike jsonb).
 */
export const POSTGRES_MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS predictions (id BIGSERIAL PRIMARY KEY, ts BIGINT NOT NULL,
      request_id TEXT NOT NULL, model_name TEXT NOT NULL, model_version TEXT NOT NULL,
      inputs JSON NOT NULL, outputs JSON NOT NULL, latency_ms DOUBLE PRECISION NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS predictions_ts ON predictions (ts)',
  ],
  [
    'ALTER TABLE predictions ADD COLUMN IF NOT EXISTS uid TEXT',
    'CREATE UNIQUE INDEX IF NOT EXISTS predictions_uid ON predictions (uid)',
  ],
  // Rows written before this version hold their inputs and outputs as JSON strings whose text is the object
  // (the driver encoded the JSON text again): turn them into the objects, as SQL over the table expects.
  [
    `UPDATE predictions SET inputs = (inputs #>> '{}')::json WHERE json_typeof(inputs) = 'string'`,
    `UPDATE predictions SET outputs = (outputs #>> '{}')::json WHERE json_typeof(outputs) = 'string'`,
  ],
];

/** Serialises concurrent starts of several replicas (pg_advisory_xact_lock key). */
const MIGRATION_LOCK = 0x6d6c78; // "mlx"

/** Applies the pending migrations in one transaction; returns the schema version. */
export async function migratePostgres(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.unsafe(
      'CREATE TABLE IF NOT EXISTS mlx_schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const [row] = await tx.unsafe('SELECT COALESCE(MAX(version), 0)::int AS v FROM mlx_schema_migrations');
    const current = Number(row?.v ?? 0);
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `its schema is version ${current}, newer than this mlx knows (${POSTGRES_MIGRATIONS.length}): upgrade mlx to write to it`,
      );
    }
    for (let v = current; v < POSTGRES_MIGRATIONS.length; v++) {
      for (const statement of POSTGRES_MIGRATIONS[v] ?? []) await tx.unsafe(statement);
      await tx.unsafe('INSERT INTO mlx_schema_migrations (version) VALUES ($1)', [v + 1]);
    }
    return POSTGRES_MIGRATIONS.length;
  });
}
