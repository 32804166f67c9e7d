import { existsSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { StoredPrediction } from '../../contracts.js';
import { storeOpenError } from '../errors.js';
import { type SelectedRow, toStored } from '../rows.js';
import { countQuery, selectQuery } from '../sql-query.js';
import type { PredictionQuery, PredictionReader } from '../types.js';

const QUESTION = () => '?';

/** Opens an existing SQLite store read-only (WAL: never blocks the writer); null if missing and `missingOk`. */
export function openSqliteReader(file: string, missingOk: boolean): PredictionReader | null {
  if (!existsSync(file)) {
    if (missingOk) return null;
    throw storeOpenError(file, new Error('no such file'));
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('SELECT 1 FROM predictions LIMIT 1').get();
  } catch (error) {
    throw storeOpenError(file, error);
  }
  const all = (q: PredictionQuery): StoredPrediction[] => {
    const { sql, params } = selectQuery(q, QUESTION);
    return (db.prepare(sql).all(...(params as SQLInputValue[])) as unknown as SelectedRow[]).map(toStored);
  };
  async function* iterate(q: PredictionQuery = {}): AsyncGenerator<StoredPrediction> {
    const { sql, params } = selectQuery(q, QUESTION);
    for (const row of db.prepare(sql).iterate(...(params as SQLInputValue[]))) {
      yield toStored(row as unknown as SelectedRow);
    }
  }
  return {
    backend: 'sqlite',
    location: file,
    query: async (q = {}) => all(q),
    iterate,
    count: async (q = {}) => {
      const { sql, params } = countQuery(q, QUESTION);
      return Number((db.prepare(sql).get(...(params as SQLInputValue[])) as { n: number }).n);
    },
    close: async () => db.close(),
  };
}
