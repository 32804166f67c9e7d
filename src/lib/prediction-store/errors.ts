import { InputError, MlxError } from '../errors.js';

/** The write queue is full: the caller must answer 503 rather than lose the record. */
export class StoreFullError extends MlxError {
  constructor(depth: number, max: number) {
    super('MLX_STORE_FULL', `The prediction store queue is full (${depth} of ${max} rows waiting)`, {
      hint: 'The database cannot keep up: retry later, or raise serve.store_queue_max.',
    });
  }
}

/** The store was closed (shutdown): nothing more is accepted. */
export class StoreClosedError extends MlxError {
  constructor(message = 'The prediction store is closed') {
    super('MLX_STORE_CLOSED', message, {
      hint: 'The server is shutting down; retry against another instance.',
    });
  }
}

/** One commit failed (the database is locked or unreachable); the rows stay queued and are retried. */
export class StoreWriteError extends MlxError {
  /** The database was busy (another process holds the lock): worth retrying. */
  readonly busy: boolean;
  constructor(location: string, reason: string, busy: boolean) {
    super('MLX_STORE_WRITE', `Cannot write to the prediction store ${location}: ${reason}`, {
      hint: busy
        ? 'Another process holds the database lock; the rows stay queued and are retried.'
        : 'Check that the database is reachable and writable; the rows stay queued and are retried.',
    });
    this.busy = busy;
  }
}

/** Rows could be neither committed nor written to the spill file: they are lost (exit 2, named). */
export class StoreSpillError extends MlxError {
  constructor(file: string, rows: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('MLX_STORE_SPILL', `${rows} prediction rows could not be written to the spill file ${file}: ${reason}`, {
      hint: 'Make serve.store_spill_dir writable with free space so that a shutdown can keep unflushed rows.',
      cause,
    });
  }
}

/** The store cannot be opened (missing for a reader, unwritable, not a store, database unreachable). */
export function storeOpenError(location: string, cause: unknown): InputError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new InputError('MLX_STORE_OPEN', `Cannot open the prediction store ${location}: ${reason}`, {
    hint: 'Check serve.store, serve.store_path / serve.store_url (or the PG* variables); `mlx serve` creates the store when it first starts.',
    cause,
  });
}
