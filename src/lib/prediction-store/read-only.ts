import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { StoredPrediction } from '../contracts.js';
import { storeOpenError } from './errors.js';
import { countPredictions, iteratePredictions, type PredictionQuery, queryPredictions } from './query.js';

/** A reader of the prediction store for another process (drift, export) while `mlx serve` writes. */
export interface PredictionStoreReader {
  readonly path: string;
  query(q?: PredictionQuery): StoredPrediction[];
  iterate(q?: PredictionQuery): Generator<StoredPrediction>;
  count(q?: PredictionQuery): number;
  close(): void;
}

/** Opens an existing store read-only; a missing file or a file that is not a store is an InputError (exit 2). */
export function openPredictionStoreReadOnly(path: string): PredictionStoreReader {
  if (!existsSync(path)) throw storeOpenError(path, new Error('no such file'));
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('SELECT 1 FROM predictions LIMIT 1').get();
  } catch (error) {
    throw storeOpenError(path, error);
  }
  return {
    path,
    query: (q) => queryPredictions(db, q),
    iterate: (q) => iteratePredictions(db, q),
    count: (q) => countPredictions(db, q),
    close: () => db.close(),
  };
}
