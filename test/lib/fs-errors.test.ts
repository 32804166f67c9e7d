import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderError } from '../../src/cli/handle-error.js';
import { ERRORS, ExitCode, errorSpec, MlxError } from '../../src/lib/errors.js';
import { fileError, withFileErrors } from '../../src/lib/fs-errors.js';

describe('error catalogue', () => {
  it('declares an exit code and an HTTP status for every code, and errors take theirs from it', () => {
    for (const code of Object.keys(ERRORS) as (keyof typeof ERRORS)[]) {
      const error = new MlxError(code, 'x');
      expect(Object.values(ExitCode)).toContain(error.exitCode);
      expect(error.exitCode).toBe(errorSpec(code).exit);
      expect(error.status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('file-system errors', () => {
  it('given a read of a folder, when it fails, then it becomes exit 2 naming the path in a sentence', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-fs-'));
    let thrown: unknown;
    try {
      readFileSync(dir);
    } catch (error) {
      thrown = error;
    }
    const mapped = fileError(thrown);
    expect(mapped?.code).toBe('MLX_FILE_TYPE');
    expect(mapped?.exitCode).toBe(2);
    expect(mapped?.message).toContain('it is a folder, not a file (EISDIR)');
  });

  it('given a file where a folder must be created, then it says a file is in the way (EEXIST, exit 2)', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlx-fs-')), 'processed');
    writeFileSync(file, '');
    const mapped = fileError(
      (() => {
        try {
          mkdirSync(file);
        } catch (error) {
          return error;
        }
      })(),
    );
    expect(mapped?.exitCode).toBe(2);
    expect(mapped?.message).toBe(`Cannot create the folder ${file}: a file is in the way of that folder (EEXIST).`);
  });

  it('given a write under a missing folder, then withFileErrors names it and the CLI exits 2, not "bug"', () => {
    const file = path.join(os.tmpdir(), 'mlx-no-such-folder', 'deeper', 'out.csv');
    expect(() => withFileErrors(file, () => writeFileSync(file, 'x'))).toThrow(/no such file or folder \(ENOENT\)/);
    const rendered = renderError(
      Object.assign(new Error("EACCES: permission denied, open '/x'"), {
        code: 'EACCES',
        syscall: 'open',
        path: '/x/runs/run.json',
      }),
      false,
    );
    expect(rendered.exitCode).toBe(2);
    expect(rendered.text).toContain('Cannot open /x/runs/run.json: permission denied (EACCES).');
    expect(rendered.text).not.toContain('bug');
  });

  it('leaves other errors alone', () => {
    expect(fileError(new TypeError('x'))).toBeNull();
    expect(fileError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeNull();
  });
});
