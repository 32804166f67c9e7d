import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoreWriteError, storeOpenError } from '../errors.js';
import type { StoreDurability, StoreSink } from '../types.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { toParts, type WorkerReply, type WorkerRequest, type WorkerSettings } from './protocol.js';

/** How long one commit waits for another process's lock before the queue retries it (bounds a shutdown too). */
const BUSY_TIMEOUT_MS = 1000;

// From src/ (vitest, tsx) the worker is the .ts file (Node strips its types); from dist/ the compiled .js.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Starts the SQLite writer thread on `file` (created with its folder; migrations applied). */
export async function openSqliteSink(file: string, durability: StoreDurability): Promise<StoreSink> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw storeOpenError(file, error);
  }
  const settings: WorkerSettings = {
    path: file,
    migrations: SQLITE_MIGRATIONS,
    synchronous: durability === 'sync' ? 'FULL' : 'NORMAL',
    busyTimeoutMs: BUSY_TIMEOUT_MS,
  };
  const worker = new Worker(WORKER_URL, { workerData: settings });
  const waiters = new Map<number, Waiter>();
  let nextId = 0;
  let dead: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: WorkerReply) => {
      switch (m.type) {
        case 'ready':
          resolve();
          return;
        case 'failed':
          dead = new Error(m.message);
          reject(storeOpenError(file, dead));
          return;
        case 'committed':
          waiters.get(m.id)?.resolve();
          waiters.delete(m.id);
          return;
        case 'error':
          waiters.get(m.id)?.reject(new StoreWriteError(file, m.message, m.busy));
          waiters.delete(m.id);
          return;
        default:
          m satisfies never;
      }
    });
    const fail = (error: Error) => {
      dead ??= error;
      reject(storeOpenError(file, error));
      for (const w of waiters.values()) w.reject(new StoreWriteError(file, error.message, false));
      waiters.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the writer thread exited (${code})`)));
  });
  await ready;

  const post = (m: WorkerRequest) => worker.postMessage(m);
  return {
    commit(packed) {
      if (dead) return Promise.reject(new StoreWriteError(file, dead.message, false));
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiters.set(id, { resolve, reject });
        post({ type: 'commit', id, parts: toParts(packed) });
      });
    },
    async close() {
      if (dead) return;
      dead = new Error('the store is closed');
      if (waiters.size === 0) {
        // A clean close: the thread closes the database and ends; terminate only if it does not.
        post({ type: 'close' });
        const ended = await Promise.race([
          new Promise<boolean>((resolve) => worker.once('exit', () => resolve(true))),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
        ]);
        if (ended) return;
      }
      // A commit still waits for the lock: abandon it (SQLite rolls it back; the queue spilled those rows).
      await worker.terminate();
    },
  };
}
