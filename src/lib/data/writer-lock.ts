import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MlxError } from '../errors.js';
import { withFileErrors } from '../fs-errors.js';

/** Who holds a writer lock: written into the lock file by its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
  /** What holds it (`mlx data prepare`). */
  what: string;
}

export interface WriterLockOptions {
  /** What takes the lock, named to the runs that find it held. */
  what: string;
  /** How long to wait for a live holder before failing (ms; 0 = fail fast). */
  waitMs?: number;
  /** Poll interval while waiting (ms). */
  pollMs?: number;
}

export interface WriterLock {
  file: string;
  /** A lock left by a dead process that this one took over, or null. */
  tookOverFrom: LockHolder | null;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readHolder(file: string): { holder: LockHolder | null; ino: number } | null {
  try {
    const ino = statSync(file).ino;
    const text = readFileSync(file, 'utf8');
    try {
      const parsed = JSON.parse(text) as Partial<LockHolder>;
      if (typeof parsed.pid === 'number' && typeof parsed.host === 'string')
        return {
          holder: {
            pid: parsed.pid,
            host: parsed.host,
            since: String(parsed.since ?? ''),
            what: String(parsed.what ?? 'another process'),
          },
          ino,
        };
    } catch {
      // Never half-written (see tryCreate): an unreadable lock was damaged, and counts as stale below.
    }
    return { holder: null, ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Whether a holder's process is gone: same host and no such pid (EPERM means it lives, as another user). */
function isDead(holder: LockHolder | null): boolean {
  if (holder === null) return true;
  if (holder.host !== os.hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Creates the lock file with its content in one step (written aside, then hard-linked: link fails when the
 * lock exists), so no other run ever reads a half-written lock; false when it exists.
 */
function tryCreate(file: string, me: LockHolder): boolean | 'retry' {
  const temp = `${file}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    // The folder was removed by a holder that released just now: make it again and retry.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'retry';
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves a stale lock aside (one rename: of several runs that saw it stale, one wins); a run that moved a
 * lock which had meanwhile become fresh puts it back.
 */
function breakStale(file: string, staleIno: number): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (statSync(aside).ino !== staleIno) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds it now: theirs stands, the moved copy is dropped.
    }
  }
  unlinkSync(aside);
}

/** Removes `dir` and its parents up to `top` while they are empty (a run that wrote nothing leaves nothing). */
function removeEmptyFolders(dir: string, top: string): void {
  for (let current = dir; current.startsWith(top); current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}

function heldError(file: string, holder: LockHolder | null, waitedMs: number): MlxError {
  const who = holder
    ? `${holder.what} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`
    : 'another process';
  return new MlxError(
    'MLX_DATA_LOCKED',
    `${who} is writing the same outputs: ${file} is held${waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : ''}.`,
    {
      hint: `Wait for it to finish (or pass --wait SECONDS). If that process is gone for good, delete ${file}.`,
      details: { file, holder },
    },
  );
}

/**
 * Takes an exclusive writer lock (a file created with O_EXCL holding pid, host and time). A lock of a
 * dead process on this host is taken over; a live holder makes it wait up to `waitMs`, then fail with
 * MLX_DATA_LOCKED naming the holder.
 */
export async function acquireWriterLock(file: string, options: WriterLockOptions): Promise<WriterLock> {
  const started = Date.now();
  const me: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), what: options.what };
  const dir = path.dirname(file);
  // The first folder this created, if any: release() removes the folders it made that stayed empty.
  let created: string | undefined;
  let tookOverFrom: LockHolder | null = null;
  for (;;) {
    // Again on every try: a holder that released may have removed the (empty) folder meanwhile.
    const madeDir = withFileErrors(dir, () => mkdirSync(dir, { recursive: true }));
    created ??= madeDir;
    const made = withFileErrors(file, () => tryCreate(file, me));
    if (made === 'retry') continue;
    if (made) break;
    const current = readHolder(file);
    if (current === null) continue;
    if (isDead(current.holder)) {
      tookOverFrom = current.holder;
      breakStale(file, current.ino);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= (options.waitMs ?? 0)) throw heldError(file, current.holder, waited);
    await sleep(Math.min(options.pollMs ?? 200, Math.max(1, (options.waitMs ?? 0) - waited)));
  }
  let released = false;
  return {
    file,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      const current = readHolder(file);
      if (current?.holder?.pid === process.pid && current.holder.since === me.since) unlinkSync(file);
      if (created !== undefined) removeEmptyFolders(dir, created);
    },
  };
}
