/** Exit codes of the `mlx` binary (documented in the README; tested). */
export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 2,
  dataInvalid: 3,
  gateFailed: 4,
  driftDetected: 5,
  trainingDiverged: 6,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What one error code means outside the library: the CLI exit code and the HTTP status. */
export interface ErrorSpec {
  exit: ExitCode;
  status: 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
  /** The hint when the thrower gives none. */
  hint?: string;
}

const usage = (status: ErrorSpec['status'] = 400, hint?: string): ErrorSpec => ({
  exit: ExitCode.usage,
  status,
  ...(hint ? { hint } : {}),
});
const data = (status: ErrorSpec['status'] = 422): ErrorSpec => ({ exit: ExitCode.dataInvalid, status });
const FILE_HINT = 'Check the path, its permissions and the free space, then run the command again.';

/**
 * The error catalogue: every code mlx throws, declared once with its exit code and HTTP status.
 * Scripts may match on the codes; they never change meaning.
 */
export const ERRORS = {
  MLX_USAGE: usage(),
  MLX_USAGE_ALIAS: usage(),
  MLX_CONFIG_INVALID: usage(),
  MLX_CONFIG_UNKNOWN_KEY: usage(),
  MLX_CONFIG_OVERRIDE: usage(),
  MLX_CONFIG_SWEEP: usage(),
  MLX_CONFIG_GROUP: usage(),
  MLX_CONFIG_FILE: usage(),
  MLX_BACKEND_UNAVAILABLE: usage(500),
  MLX_DATA_SCHEMA: data(),
  MLX_DATA_MALFORMED: data(),
  MLX_DATA_TARGET: data(),
  MLX_DATA_STALE: data(409),
  MLX_DATA_CHANGED: data(409),
  MLX_DATA_NOT_FOUND: usage(404),
  MLX_DATA_NOT_PREPARED: usage(409),
  MLX_DATA_PARSE: usage(),
  MLX_DATA_EMPTY: usage(),
  MLX_DATA_LOCK_CORRUPT: usage(500),
  MLX_DATA_LOCKED: usage(409),
  MLX_DATA_STALE_FILE: usage(409),
  MLX_DATA_NOT_IN_REMOTE: usage(404),
  MLX_DATA_CHECKSUM: usage(500),
  MLX_BUNDLE_CORRUPT: usage(500),
  MLX_MODEL_NOT_FOUND: usage(404),
  MLX_MODEL_NOT_REGISTERED: usage(),
  MLX_REGISTRY_CONFLICT: usage(409),
  MLX_REMOTE_ACCESS: usage(503),
  MLX_LAUNCHER: usage(503),
  MLX_RUN_NOT_FOUND: usage(404),
  MLX_RUN_AMBIGUOUS: usage(),
  MLX_RUN_EXISTS: usage(409),
  MLX_RUN_INCOMPLETE: usage(409),
  MLX_RUN_NOT_REPRODUCED: { exit: ExitCode.gateFailed, status: 409 },
  MLX_TRAINING_DIVERGED: {
    exit: ExitCode.trainingDiverged,
    status: 422,
    hint: 'Lower train.lr (or use train.lr=auto), scale the inputs, or pick another optimizer; nothing was registered.',
  },
  MLX_MODEL_OUTPUT: usage(
    500,
    'The model gives NaN or infinite outputs for these rows: retrain it (its weights may have diverged) or check the inputs for extreme values.',
  ),
  MLX_GATE_FAILED: { exit: ExitCode.gateFailed, status: 422 },
  MLX_DRIFT_DETECTED: { exit: ExitCode.driftDetected, status: 409 },
  MLX_INTERRUPTED: { exit: ExitCode.interrupted, status: 503 },
  MLX_STORE_OPEN: usage(503),
  MLX_STORE_FULL: { exit: ExitCode.bug, status: 503 },
  MLX_STORE_CLOSED: { exit: ExitCode.bug, status: 503 },
  MLX_STORE_WRITE: usage(503),
  MLX_STORE_SPILL: usage(500),
  MLX_SERVE_LISTEN: usage(500),
  MLX_SERVER_UNREACHABLE: usage(503),
  MLX_EXPORT_UNSUPPORTED: usage(422),
  MLX_EXPORT_ASSETS_MISSING: usage(
    500,
    'Reinstall mlx (npm ci, or npm install mlx-tabular): the package ships assets/web and depends on @tensorflow/tfjs.',
  ),
  MLX_FILE_NOT_FOUND: usage(404, FILE_HINT),
  MLX_FILE_ACCESS: usage(500, FILE_HINT),
  MLX_FILE_TYPE: usage(400, FILE_HINT),
  MLX_FILE_SPACE: usage(500, 'Free some space on that device (or point the path elsewhere), then run again.'),
  MLX_FILE_SYSTEM: usage(500, FILE_HINT),
  MLX_BUG: { exit: ExitCode.bug, status: 500 },
} as const satisfies Record<string, ErrorSpec>;

/** Every error code mlx can throw. */
export type ErrorCode = keyof typeof ERRORS;

export interface MlxErrorOptions {
  /** What the user can do next (default: the catalogue's hint for the code). */
  hint?: string;
  /** Structured detail for `--json` output and reports. */
  details?: unknown;
  cause?: unknown;
}

/**
 * The one error base class. `code` is stable (scripts may match on it); the exit code and HTTP status
 * come from {@link ERRORS}. Subclasses name the kinds of errors a user can fix, except {@link BugError}.
 */
export class MlxError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: MlxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const spec: ErrorSpec = ERRORS[code];
    this.name = new.target.name;
    this.code = code;
    this.exitCode = spec.exit;
    this.hint = options.hint ?? spec.hint;
    this.details = options.details;
  }

  /** The HTTP status this error answers with when it reaches an API. */
  get status(): ErrorSpec['status'] {
    return (ERRORS[this.code] as ErrorSpec).status;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      exitCode: this.exitCode,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

type CodeOption = { code?: ErrorCode };

/** Bad flags, arguments or invocation. */
export class UsageError extends MlxError {
  constructor(message: string, options: MlxErrorOptions & CodeOption = {}) {
    super(options.code ?? 'MLX_USAGE', message, options);
  }
}

/** A config file, layer or override that does not validate. */
export class ConfigError extends MlxError {
  constructor(message: string, options: MlxErrorOptions & CodeOption = {}) {
    super(options.code ?? 'MLX_CONFIG_INVALID', message, options);
  }
}

/** A file or artifact that is missing, unreadable or corrupt. */
export class InputError extends MlxError {
  constructor(code: ErrorCode, message: string, options: MlxErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Data that violates its schema (exit 3). */
export class DataValidationError extends MlxError {
  constructor(message: string, options: MlxErrorOptions & CodeOption = {}) {
    super(options.code ?? 'MLX_DATA_SCHEMA', message, options);
  }
}

/** A quality gate such as `evaluate --fail-under` did not pass (exit 4). */
export class GateFailedError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_GATE_FAILED', message, options);
  }
}

/** Dataset drift was detected and the caller asked to fail on it (exit 5). */
export class DriftDetectedError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_DRIFT_DETECTED', message, options);
  }
}

/** Training diverged: a loss or a weight became NaN or infinite (exit 6); the run registers nothing. */
export class TrainingDivergedError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_TRAINING_DIVERGED', message, options);
  }
}

/** The user interrupted the work (Ctrl-C); partial results were kept where possible. */
export class InterruptedError extends MlxError {
  constructor(message = 'Interrupted', options: MlxErrorOptions = {}) {
    super('MLX_INTERRUPTED', message, options);
  }
}

/** Something that should never happen: a bug in mlx. */
export class BugError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_BUG', message, options);
  }
}

/** Whether an unknown thrown value is one of ours. */
export function isMlxError(error: unknown): error is MlxError {
  return error instanceof MlxError;
}

/** The spec of a code (exit code, HTTP status, default hint). */
export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERRORS[code];
}
