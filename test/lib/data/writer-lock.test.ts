import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireWriterLock } from '../../../src/lib/data/writer-lock.js';
import { MlxError } from '../../../src/lib/errors.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-wlock-'));
  file = path.join(dir, 'processed', '.prepare.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 999_999;
}

async function heldBy(promise: Promise<unknown>): Promise<MlxError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlxError);
  expect((error as MlxError).code).toBe('MLX_DATA_LOCKED');
  expect((error as MlxError).exitCode).toBe(2);
  return error as MlxError;
}

describe('writer lock', () => {
  it('Given a live holder, a second taker fails fast naming its pid, host and start time', async () => {
    const first = await acquireWriterLock(file, { what: 'mlx data prepare' });
    const holder = JSON.parse(readFileSync(file, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: os.hostname(), what: 'mlx data prepare' });
    const error = await heldBy(acquireWriterLock(file, { what: 'mlx data prepare' }));
    expect(error.message).toContain(`mlx data prepare (pid ${process.pid} on ${os.hostname()}, since ${holder.since})`);
    expect(error.message).toContain(file);
    first.release();
    expect(existsSync(file)).toBe(false);
    // Nothing is left behind: no temporary file, and the folder it had to create is gone again.
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('Given a holder that finishes, a taker that waits gets the lock', async () => {
    const first = await acquireWriterLock(file, { what: 'first' });
    setTimeout(() => first.release(), 150);
    const second = await acquireWriterLock(file, { what: 'second', waitMs: 10_000, pollMs: 20 });
    expect(JSON.parse(readFileSync(file, 'utf8')).what).toBe('second');
    second.release();
  });

  it('Given a holder that does not finish, the wait is bounded', async () => {
    const first = await acquireWriterLock(file, { what: 'first' });
    const error = await heldBy(acquireWriterLock(file, { what: 'second', waitMs: 100, pollMs: 20 }));
    expect(error.message).toMatch(/waited 0 s/);
    first.release();
  });

  it('Given the lock of a process that died, it is taken over and named', async () => {
    mkdirSync(path.dirname(file));
    const stale = { pid: deadPid(), host: os.hostname(), since: '2026-01-01T00:00:00.000Z', what: 'mlx data prepare' };
    writeFileSync(file, JSON.stringify(stale));
    const lock = await acquireWriterLock(file, { what: 'mlx data prepare' });
    expect(lock.tookOverFrom).toEqual(stale);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    // An unreadable (damaged) lock is stale too.
    writeFileSync(file, '{"pid":');
    const again = await acquireWriterLock(file, { what: 'y' });
    expect(again.tookOverFrom).toBeNull();
    again.release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
    // The folder existed before this lock: it stays.
  });

  it('Given a holder on another host, it is not taken over (its pid means nothing here)', async () => {
    mkdirSync(path.dirname(file));
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: 'then', what: 'mlx data prepare' }));
    const error = await heldBy(acquireWriterLock(file, { what: 'y' }));
    expect(error.message).toContain('on elsewhere');
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const first = await acquireWriterLock(file, { what: 'x' });
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'elsewhere', since: 'then', what: 'other' }));
    first.release();
    expect(existsSync(file)).toBe(true);
  });

  it('a lock folder that cannot be created is an OS error naming it (exit 2)', async () => {
    writeFileSync(path.join(dir, 'processed'), 'a file in the way');
    const error = await acquireWriterLock(file, { what: 'x' }).then(
      () => null,
      (e: unknown) => e as MlxError,
    );
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toContain(path.join(dir, 'processed'));
  });
});
