import { InputError, MlxError } from '../errors.js';

/** The write queue is full: the caller must answer 503 rather than lose the record. */
export class StoreFullError extends MlxError {
  constructor(depth: number, max: number) {
    super('MLX_STORE_FULL', `The prediction store queue is full (${depth} of ${max} rows waiting)`, {
      hint: 'The disk cannot keep up: retry later, or raise serve.store_queue_max.',
    });
  }
}

/** The store was closed (shutdown): nothing more is accepted. */
export class StoreClosedError extends MlxError {
  constructor() {
    super('MLX_STORE_CLOSED', 'The prediction store is closed', {
      hint: 'The server is shutting down; retry against another instance.',
    });
  }
}

/** The store file cannot be opened (missing for a reader, unwritable, not SQLite). */
export function storeOpenError(path: string, cause: unknown): InputError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new InputError('MLX_STORE_OPEN', `Cannot open the prediction store ${path}: ${reason}`, {
    hint: 'Check serve.store_path; `mlx serve` creates the store when it first starts.',
    cause,
  });
}
