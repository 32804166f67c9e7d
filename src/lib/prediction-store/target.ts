import path from 'node:path';
import type { StoreTarget } from './types.js';

/** The name spill files of a store start with (a SQLite file's name; `postgres` for the shared store). */
export function spillKey(target: StoreTarget): string {
  return target.backend === 'sqlite' ? path.basename(target.location) : 'postgres';
}

/** The target of a SQLite store file (absolute path), its spill files beside it. */
export function sqliteTarget(file: string): StoreTarget {
  return { backend: 'sqlite', location: file, spillDir: path.dirname(file) };
}
