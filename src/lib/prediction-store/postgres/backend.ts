import type { StoredPrediction } from '../../contracts.js';
import { StoreWriteError, storeOpenError } from '../errors.js';
import { type SelectedRow, toStored, unpackRuns } from '../rows.js';
import { countQuery, selectQuery } from '../sql-query.js';
import type { PredictionReader, StoreBackend, StoreRow, StoreSink, StoreTarget } from '../types.js';
import { connect, describePostgres, type Sql } from './client.js';
import { migratePostgres } from './migrations.js';

const DOLLAR = (n: number) => `$${n}`;
// ts and id are BIGINT: read as float8 so that they arrive as numbers (exact below 2^53).
const COLUMNS =
  'id::float8 AS id, ts::float8 AS ts, request_id, model_name, model_version, inputs, outputs, latency_ms';
const INSERT_COLUMNS = '(uid, ts, request_id, model_name, model_version, inputs, outputs, latency_ms)';

const env = (target: StoreTarget) => target.env ?? process.env;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One multi-row INSERT (one transaction); rows already stored (same uid) are skipped. The JSON texts go as
 * `text` parameters that PostgreSQL parses into `json` (`$n::text::json`): a parameter typed `json` itself
 * would be JSON-encoded again by the driver, storing each object as a JSON string (what mlx did before
 * schema version 3, which repairs such rows).
 */
export function insertStatement(rows: readonly StoreRow[]): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const tuples = rows.map((r) => {
    const n = params.length;
    params.push(r.uid, r.ts, r.requestId, r.modelName, r.modelVersion, r.inputs, r.outputs, r.latencyMs);
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::text::json, $${n + 7}::text::json, $${n + 8})`;
  });
  return {
    sql: `INSERT INTO predictions ${INSERT_COLUMNS} VALUES ${tuples.join(', ')} ON CONFLICT (uid) DO NOTHING`,
    params,
  };
}

async function openSink(target: StoreTarget, durability: 'async' | 'sync'): Promise<StoreSink> {
  const where = describePostgres(target.location, env(target));
  // async durability already accepts a loss window, so the server need not wait for its WAL flush either.
  const sql = connect(target.location, env(target), 1, durability === 'async' ? { synchronous_commit: 'off' } : {});
  try {
    await migratePostgres(sql);
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw storeOpenError(where, error);
  }
  let closed = false;
  return {
    async commit(runs) {
      if (closed) throw new StoreWriteError(where, 'the store is closed', false);
      const { sql: text, params } = insertStatement(unpackRuns(runs));
      try {
        await sql.unsafe(text, params, { prepare: false });
      } catch (error) {
        throw new StoreWriteError(where, reason(error), false);
      }
    },
    async close() {
      closed = true;
      // An INSERT still running is cancelled (rolled back); the queue has spilled its rows.
      await sql.end({ timeout: 1 });
    },
  };
}

function reader(sql: Sql, where: string): PredictionReader {
  async function* iterate(q = {}): AsyncGenerator<StoredPrediction> {
    const { sql: text, params } = selectQuery(q, DOLLAR, COLUMNS);
    for await (const rows of sql.unsafe(text, params).cursor(500)) {
      for (const row of rows) yield toStored(row as unknown as SelectedRow);
    }
  }
  return {
    backend: 'postgres',
    location: where,
    async query(q = {}) {
      const { sql: text, params } = selectQuery(q, DOLLAR, COLUMNS);
      return (await sql.unsafe(text, params)).map((row) => toStored(row as unknown as SelectedRow));
    },
    iterate,
    async count(q = {}) {
      const { sql: text, params } = countQuery(q, DOLLAR);
      const [row] = await sql.unsafe(text.replace('COUNT(*)', 'COUNT(*)::float8'), params);
      return Number(row?.n ?? 0);
    },
    close: () => sql.end({ timeout: 1 }),
  };
}

async function openReader(target: StoreTarget, missingOk: boolean): Promise<PredictionReader | null> {
  const where = describePostgres(target.location, env(target));
  const sql = connect(target.location, env(target), 2);
  let present: boolean;
  try {
    const [row] = await sql.unsafe("SELECT to_regclass('predictions') IS NOT NULL AS present");
    present = row?.present === true;
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw storeOpenError(where, error);
  }
  if (!present) {
    await sql.end({ timeout: 0 });
    if (missingOk) return null;
    throw storeOpenError(where, new Error('no predictions table (has `mlx serve` written to it?)'));
  }
  return reader(sql, where);
}

/** The shared store: any number of `mlx serve` processes write to one PostgreSQL database. */
export const postgresBackend: StoreBackend = {
  name: 'postgres',
  describe: (target) => describePostgres(target.location, env(target)),
  openSink: (target, { durability }) => openSink(target, durability),
  openReader: (target, { missingOk }) => openReader(target, missingOk),
};
