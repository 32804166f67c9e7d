import { ExitCode, isMlxError, type MlxError } from '../lib/errors.js';
import { fileError } from '../lib/fs-errors.js';

export interface RenderedError {
  exitCode: number;
  text: string;
  json: Record<string, unknown>;
}

const REPORT_HINT =
  'This is a bug in mlx: please report it with the command you ran and the output of --log-level debug.';

/** Maps anything thrown to an exit code, a human message (no stack unless debug) and a JSON body. */
export function renderError(error: unknown, debug: boolean): RenderedError {
  const known: MlxError | null = isMlxError(error) ? error : fileError(error);
  if (known) {
    const lines = [`Error: ${known.message}`];
    if (known.hint) lines.push(`Hint: ${known.hint}`);
    if (debug && known.stack) lines.push(known.stack);
    return { exitCode: known.exitCode, text: lines.join('\n'), json: { error: known.toJSON() } };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const oclifExit = (err as { oclif?: { exit?: number } }).oclif?.exit;
  if (oclifExit !== undefined) {
    // oclif's own parse errors (unknown flag, missing argument): a usage error.
    const exitCode = oclifExit === 0 ? 0 : ExitCode.usage;
    const text = `Error: ${err.message}\nHint: run the command with --help to see its flags and examples.`;
    return { exitCode, text, json: { error: { code: 'MLX_USAGE', message: err.message, exitCode } } };
  }
  const lines = [`Unexpected error: ${err.message}`, REPORT_HINT];
  if (debug && err.stack) lines.push(err.stack);
  return {
    exitCode: ExitCode.bug,
    text: lines.join('\n'),
    json: { error: { code: 'MLX_BUG', message: err.message, exitCode: ExitCode.bug, hint: REPORT_HINT } },
  };
}
