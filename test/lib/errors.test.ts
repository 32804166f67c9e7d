import { describe, expect, it } from 'vitest';
import { renderError } from '../../src/cli/handle-error.js';
import {
  BugError,
  ConfigError,
  DataValidationError,
  DriftDetectedError,
  ExitCode,
  GateFailedError,
  InterruptedError,
  isMlxError,
  TrainingDivergedError,
  UsageError,
} from '../../src/lib/errors.js';

describe('error hierarchy', () => {
  it.each([
    [new UsageError('u'), 'MLX_USAGE', 2],
    [new ConfigError('c'), 'MLX_CONFIG_INVALID', 2],
    [new DataValidationError('d'), 'MLX_DATA_SCHEMA', 3],
    [new GateFailedError('g'), 'MLX_GATE_FAILED', 4],
    [new DriftDetectedError('x'), 'MLX_DRIFT_DETECTED', 5],
    [new TrainingDivergedError('t'), 'MLX_TRAINING_DIVERGED', 6],
    [new InterruptedError(), 'MLX_INTERRUPTED', 130],
    [new BugError('b'), 'MLX_BUG', 1],
  ])('%s has a stable code and exit code', (error, code, exitCode) => {
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(exitCode);
    expect(isMlxError(error)).toBe(true);
    expect(error.name).toBe(error.constructor.name);
  });

  it('serialises code, message, hint and details for --json', () => {
    const error = new ConfigError('bad', { hint: 'fix it', details: [{ path: 'a' }] });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'MLX_CONFIG_INVALID',
      message: 'bad',
      exitCode: 2,
      hint: 'fix it',
      details: [{ path: 'a' }],
    });
  });
});

describe('renderError', () => {
  it('a user error prints message and hint, no stack unless debug', () => {
    const error = new ConfigError('Bad key', { hint: 'Try this' });
    const rendered = renderError(error, false);
    expect(rendered.exitCode).toBe(ExitCode.usage);
    expect(rendered.text).toBe('Error: Bad key\nHint: Try this');
    expect(renderError(error, true).text).toContain('at ');
  });

  it('an unexpected error is reported as a bug with exit 1', () => {
    const rendered = renderError(new TypeError('x is undefined'), false);
    expect(rendered.exitCode).toBe(1);
    expect(rendered.text).toMatchInlineSnapshot(`
      "Unexpected error: x is undefined
      This is a bug in mlx: please report it with the command you ran and the output of --log-level debug."
    `);
    expect(rendered.json).toMatchObject({ error: { code: 'MLX_BUG', exitCode: 1 } });
  });

  it("oclif's parse errors are usage errors (exit 2)", () => {
    const parseError = Object.assign(new Error('Nonexistent flag: --nope'), { oclif: { exit: 2 } });
    expect(renderError(parseError, false)).toMatchObject({ exitCode: 2, json: { error: { code: 'MLX_USAGE' } } });
  });

  it('a thrown non-Error still renders', () => {
    expect(renderError('boom', false).text).toContain('Unexpected error: boom');
  });
});
