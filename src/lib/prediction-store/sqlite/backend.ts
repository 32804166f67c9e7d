import type { StoreBackend } from '../types.js';
import { openSqliteReader } from './reader.js';
import { openSqliteSink } from './sink.js';

/** The embedded default: one SQLite file (WAL) written by a worker thread. One `mlx serve` process per file. */
export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  describe: (target) => target.location,
  openSink: (target, { durability }) => openSqliteSink(target.location, durability),
  openReader: async (target, { missingOk }) => openSqliteReader(target.location, missingOk),
};
