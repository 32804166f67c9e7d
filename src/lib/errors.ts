/** Exit codes of the `mlx` binary (documented in the README; tested). */
export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 2,
  dataInvalid: 3,
  gateFailed: 4,
  driftDetected: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface MlxErrorOptions {
  /** What the user can do next. */
  hint?: string;
  /** Structured detail for `--json` output and reports. */
  details?: unknown;
  cause?: unknown;
}

/**
 * The one error base class. `code` is stable (scripts may match on it); `exitCode` is what the
 * CLI exits with. Subclasses are errors a user can fix, except {@link BugError}.
 */
export class MlxError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, exitCode: ExitCode, options: MlxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
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

/** Bad flags, arguments or invocation. */
export class UsageError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_USAGE', message, ExitCode.usage, options);
  }
}

/** A config file, layer or override that does not validate. */
export class ConfigError extends MlxError {
  constructor(message: string, options: MlxErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'MLX_CONFIG_INVALID', message, ExitCode.usage, options);
  }
}

/** A file or artifact that is missing, unreadable or corrupt. */
export class InputError extends MlxError {
  constructor(code: string, message: string, options: MlxErrorOptions = {}) {
    super(code, message, ExitCode.usage, options);
  }
}

/** Data that violates its schema (exit 3). */
export class DataValidationError extends MlxError {
  constructor(message: string, options: MlxErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'MLX_DATA_SCHEMA', message, ExitCode.dataInvalid, options);
  }
}

/** A quality gate such as `evaluate --fail-under` did not pass (exit 4). */
export class GateFailedError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_GATE_FAILED', message, ExitCode.gateFailed, options);
  }
}

/** Dataset drift was detected and the caller asked to fail on it (exit 5). */
export class DriftDetectedError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_DRIFT_DETECTED', message, ExitCode.driftDetected, options);
  }
}

/** The user interrupted the work (Ctrl-C); partial results were kept where possible. */
export class InterruptedError extends MlxError {
  constructor(message = 'Interrupted', options: MlxErrorOptions = {}) {
    super('MLX_INTERRUPTED', message, ExitCode.interrupted, options);
  }
}

/** Something that should never happen: a bug in mlx. */
export class BugError extends MlxError {
  constructor(message: string, options: MlxErrorOptions = {}) {
    super('MLX_BUG', message, ExitCode.bug, options);
  }
}

/** Whether an unknown thrown value is one of ours. */
export function isMlxError(error: unknown): error is MlxError {
  return error instanceof MlxError;
}
