import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StoredPrediction } from '../contracts.js';
import type { Logger } from '../logging.js';
import { StoreClosedError, StoreFullError, storeOpenError } from './errors.js';
import { type PredictionQuery, queryPredictions } from './query.js';
import { configureWriter, INSERT_PREDICTION_SQL } from './sql.js';

/** One record to store: a stored prediction before SQLite gives it an id. */
export type PredictionRecord = Omit<StoredPrediction, 'id'>;

export interface PredictionStoreOptions {
  /** Absolute path of the SQLite file (created with its folder). */
  path: string;
  logger?: Logger;
  /** Rows that may wait in memory; beyond that `enqueue` throws {@link StoreFullError}. */
  maxQueue?: number;
  /** Milliseconds between batched commits. */
  flushMs?: number;
  /** Rows per transaction. */
  batchSize?: number;
}

export interface PredictionStoreStats {
  queueDepth: number;
  maxQueue: number;
  written: number;
  failedFlushes: number;
}

/** The durable prediction log written by `mlx serve`. */
export interface PredictionStore {
  readonly path: string;
  /** Queues records for the next batched commit; throws StoreFullError / StoreClosedError, never drops. */
  enqueue(records: readonly PredictionRecord[]): void;
  /** Commits everything queued now. */
  flush(): void;
  /** Flushes, then closes the database; later enqueues throw. */
  close(): void;
  query(q?: PredictionQuery): StoredPrediction[];
  stats(): PredictionStoreStats;
}

/** Opens (creating if needed) the store for writing: WAL, queued writes, batched transactions. */
export function openPredictionStore(options: PredictionStoreOptions): PredictionStore {
  const maxQueue = options.maxQueue ?? 50_000;
  const flushMs = options.flushMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  let db: DatabaseSync;
  try {
    mkdirSync(path.dirname(options.path), { recursive: true });
    db = new DatabaseSync(options.path);
    configureWriter(db);
  } catch (error) {
    throw storeOpenError(options.path, error);
  }
  const insert = db.prepare(INSERT_PREDICTION_SQL);
  let queue: PredictionRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let written = 0;
  let failedFlushes = 0;

  /** Writes up to `batchSize` queued rows in one transaction; on failure they stay queued. */
  const writeBatch = (): boolean => {
    const batch = queue.slice(0, batchSize);
    if (batch.length === 0) return true;
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const r of batch) {
        insert.run(
          r.ts,
          r.requestId,
          r.modelName,
          r.modelVersion,
          JSON.stringify(r.inputs),
          JSON.stringify(r.outputs),
          r.latencyMs,
        );
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      failedFlushes++;
      options.logger?.error('prediction store write failed; rows stay queued', {
        error: error instanceof Error ? error.message : String(error),
        queued: queue.length,
      });
      return false;
    }
    queue = queue.slice(batch.length);
    written += batch.length;
    return true;
  };

  const schedule = (delay: number) => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      const ok = writeBatch();
      // More than one batch waiting: continue on the next turn so requests are served in between.
      if (queue.length > 0) schedule(ok ? 0 : flushMs * 10);
    }, delay);
    timer.unref();
  };

  const flush = () => {
    while (queue.length > 0) {
      if (!writeBatch()) throw storeOpenError(options.path, new Error('write failed while flushing'));
    }
  };

  return {
    path: options.path,
    enqueue(records) {
      if (closed) throw new StoreClosedError();
      if (queue.length + records.length > maxQueue) throw new StoreFullError(queue.length, maxQueue);
      for (const r of records) queue.push(r);
      schedule(queue.length >= batchSize ? 0 : flushMs);
    },
    flush,
    close() {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      try {
        flush();
      } finally {
        closed = true;
        db.close();
      }
    },
    query: (q) => {
      if (closed) throw new StoreClosedError();
      return queryPredictions(db, q);
    },
    stats: () => ({ queueDepth: queue.length, maxQueue, written, failedFlushes }),
  };
}
