import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import type { ColumnTable } from 'arquero';
import { arquero } from './arquero.js';
import { sha256 } from './hash.js';
import type { LockedFile } from './lock.js';
import { relativePath } from './project-paths.js';

/** Writes a file atomically (tmp + rename) and returns its lock entry. */
export async function writeOutput(
  root: string,
  file: string,
  data: string | Uint8Array,
  rows?: number,
): Promise<LockedFile> {
  await mkdir((await import('node:path')).dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
  const { size } = await stat(file);
  return { path: relativePath(root, file), sha256: sha256(data), size, ...(rows === undefined ? {} : { rows }) };
}

/** A table as Arrow IPC (file format): typed, columnar, compact and fast to load. */
export async function arrowBytes(table: ColumnTable): Promise<Uint8Array> {
  const { toArrowIPC } = arquero();
  return toArrowIPC(table, { format: 'file' });
}

/** Pretty JSON with a final newline (diff-friendly, deterministic). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
