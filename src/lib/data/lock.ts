import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import YAML from 'yaml';
import type { MlxConfig } from '../config/index.js';
import type { Task } from '../contracts.js';
import { InputError } from '../errors.js';
import { sha256, stableStringify } from './hash.js';

/** One file the lock pins: path relative to the project root. */
export interface LockedFile {
  path: string;
  sha256: string;
  size: number;
  rows?: number;
}

/** `data.lock` (like dvc.lock): what went in, with which parameters, and what came out. */
export interface DataLock {
  version: 1;
  mlx_version: string;
  /** sha256 of `params` (stable JSON). */
  params_sha256: string;
  /** The config subset that shapes the outputs (seed, data.*, preprocess.*). */
  params: Record<string, unknown>;
  provenance: MlxConfig['data']['provenance'];
  task: Task;
  /** Input features and model input width after the pipeline. */
  features: number;
  width: number;
  deps: LockedFile[];
  outs: LockedFile[];
  rows: {
    raw: number;
    dropped_missing_target: number;
    duplicates_removed: number;
    train: number;
    val: number;
    test: number;
  };
  /** sha256 over the outputs' hashes: the data version training records. */
  fingerprint: string;
}

/** The parameters that shape prepared data; provenance and the remote (where, how) do not. */
export function lockParams(config: MlxConfig): Record<string, unknown> {
  const { provenance: _p, remote: _r, remote_endpoint: _e, remote_jobs: _j, ...data } = config.data;
  return JSON.parse(stableStringify({ seed: config.seed, data, preprocess: config.preprocess }));
}

export function paramsHash(params: Record<string, unknown>): string {
  return sha256(stableStringify(params));
}

/** sha256 over output hashes in path order. */
export function fingerprintOf(outs: readonly LockedFile[]): string {
  return sha256(
    [...outs]
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((o) => `${o.sha256}  ${o.path}\n`)
      .join(''),
  );
}

export async function readLock(file: string): Promise<DataLock | null> {
  if (!existsSync(file)) return null;
  try {
    const lock = YAML.parse(await readFile(file, 'utf8')) as DataLock;
    if (lock?.version !== 1 || !Array.isArray(lock.outs)) throw new Error('not a data.lock version 1');
    return lock;
  } catch (error) {
    throw new InputError('MLX_DATA_LOCK_CORRUPT', `${file} is not a valid data lock: ${(error as Error).message}`, {
      hint: 'Delete it and run `mlx data prepare` again.',
    });
  }
}

/** Writes the lock atomically; its text depends only on its content (no timestamps). */
export async function writeLock(file: string, lock: DataLock): Promise<void> {
  const header = '# Written by `mlx data prepare`; do not edit. Commit it: `mlx data pull` restores what it pins.\n';
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, header + YAML.stringify(lock, { lineWidth: 0 }));
  await rename(tmp, file);
}
