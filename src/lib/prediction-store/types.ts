import type { StoredPrediction } from '../contracts.js';
import type { RowBlock } from './row-block.js';

/** One record to store: a stored prediction before the store gives it an id. */
export type PredictionRecord = Omit<StoredPrediction, 'id'>;

/** Which stored predictions to read; times are epoch milliseconds, `until` exclusive. */
export interface PredictionQuery {
  since?: number | undefined;
  until?: number | undefined;
  modelName?: string | undefined;
  modelVersion?: string | undefined;
  limit?: number | undefined;
}

/**
 * A record as every backend writes it: inputs and outputs already JSON, and a unique `uid` so that a
 * batch written twice (a retried commit, a spill file ingested after a crash) is stored once.
 */
export interface StoreRow {
  uid: string;
  ts: number;
  requestId: string;
  modelName: string;
  modelVersion: string;
  inputs: string;
  outputs: string;
  latencyMs: number;
}

/**
 * Consecutive rows that share their time, request id, model name and version and latency (a request's
 * rows), packed: their uids and their input and output JSON texts joined by newlines (JSON.stringify never
 * writes a raw newline; uids never hold one). What the write queue holds and a sink commits: a 1,000-row
 * request waits for its commit as a few strings, not as thousands of small objects that every
 * young-generation collection of the server would copy. A StoreRow is a run of one (`count: 1`).
 */
export interface RowRun extends StoreRow {
  count: number;
}

/** Rows as the write queue holds them and a sink commits them: text runs, or a batch request's columns. */
export type PackedRows = RowRun | RowBlock;

/** Rows encoded elsewhere, as a cluster worker relays them: text rows and the blocks of batch requests. */
export type RelayedRows = StoreRow | RowBlock;

/** `async`: answer once the row is queued (loss window on a crash); `sync`: answer once it is committed. */
export type StoreDurability = 'async' | 'sync';

export interface PredictionStoreStats {
  /** Rows accepted and not yet committed (queued or in the transaction being written). */
  queueDepth: number;
  maxQueue: number;
  /** Rows committed by this process. */
  written: number;
  /** Transactions that committed them (fewer than requests: group commit). */
  commits: number;
  failedFlushes: number;
  /** Rows written to a spill file at shutdown. */
  spilled: number;
  /** Rows of earlier spill files committed when this store opened. */
  ingested: number;
}

/** What a shutdown did with the rows still queued. */
export interface StoreCloseReport {
  /** Rows committed during the close. */
  flushed: number;
  /** Rows that could not be committed before the deadline and went to the spill file. */
  spilled: number;
  spillFile: string | null;
}

/** The prediction log written by `mlx serve` (any backend): queued, batched commits off the request path. */
export interface PredictionStore {
  readonly backend: StoreBackendName;
  /** Where it writes: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly durability: StoreDurability;
  /**
   * Queues records; throws StoreFullError / StoreClosedError at once (never drops). The promise settles when
   * the records are as durable as `durability` says: `async` at once, `sync` after the commit (or, at a
   * shutdown past its deadline, after the fsync of the spill file). It rejects only in `sync` mode, when the
   * rows could be neither committed nor spilled: callers in `sync` mode await it before answering.
   */
  enqueue(records: readonly PredictionRecord[]): Promise<void>;
  /**
   * `enqueue` of rows already encoded (by a cluster worker, which relays them to the process owning the store):
   * text rows, and the RowBlocks of batch requests.
   */
  enqueueRows(rows: readonly RelayedRows[]): Promise<void>;
  /**
   * Throws what `enqueue` of `rows` rows would throw now (StoreFullError / StoreClosedError), queuing nothing:
   * a server refuses a request it could not log before doing the request's work.
   */
  checkRoom(rows: number): void;
  /** Commits everything queued now (retrying failed commits) until `timeoutMs`; rejects if rows remain. */
  flush(timeoutMs?: number): Promise<void>;
  /** Stops accepting, commits what is queued until `deadline` (epoch ms), spills the rest, disconnects. */
  close(options?: { deadline?: number }): Promise<StoreCloseReport>;
  /** Stored predictions (time order), read through this store's own reader. */
  query(q?: PredictionQuery): Promise<StoredPrediction[]>;
  stats(): PredictionStoreStats;
}

/** Reads stored predictions (drift, export, the UI) while any number of servers write. */
export interface PredictionReader {
  readonly backend: StoreBackendName;
  readonly location: string;
  query(q?: PredictionQuery): Promise<StoredPrediction[]>;
  /** The same rows as `query`, streamed (exports of any size). */
  iterate(q?: PredictionQuery): AsyncIterable<StoredPrediction>;
  count(q?: PredictionQuery): Promise<number>;
  close(): Promise<void>;
}

/** The registered backends (`serve.store`, `none` aside). */
export const STORE_BACKEND_NAMES = ['sqlite', 'postgres'] as const;
export type StoreBackendName = (typeof STORE_BACKEND_NAMES)[number];

/** Where a store lives: an absolute SQLite path, or a PostgreSQL URL ('' = the standard PG* variables only). */
export interface StoreTarget {
  backend: StoreBackendName;
  location: string;
  /** Folder of the shutdown spill files (absolute). */
  spillDir: string;
  /** PG* variables are read from here (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
}

/** The low-level writer a backend provides: one transaction per call, idempotent on `uid`. */
export interface StoreSink {
  /** Commits the rows in one transaction, in order (rows whose uid is already stored are skipped). */
  commit(rows: readonly PackedRows[]): Promise<void>;
  /** Releases the connection; an unfinished transaction is abandoned (rolled back by the database). */
  close(): Promise<void>;
}

/** One prediction-store backend: a module plus one registry line (src/lib/prediction-store/registry.ts). */
export interface StoreBackend {
  name: StoreBackendName;
  /** The location for logs and errors (no password). */
  describe(target: StoreTarget): string;
  /** Opens the writer connection and applies pending schema migrations. */
  openSink(target: StoreTarget, options: { durability: StoreDurability }): Promise<StoreSink>;
  /** Opens a reader; null when `missingOk` and the store was never created. */
  openReader(target: StoreTarget, options: { missingOk: boolean }): Promise<PredictionReader | null>;
}
