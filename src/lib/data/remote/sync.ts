import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../../config/index.js';
import { InputError } from '../../errors.js';
import { sha256File } from '../hash.js';
import { type LockedFile, readLock } from '../lock.js';
import { dataPaths } from '../project-paths.js';
import { copyAtomic } from './directory-store.js';
import { openRemote } from './open-remote.js';

export interface SyncResult {
  remote: string;
  /** Files transferred to (push) or from (pull) the remote. */
  transferred: string[];
  /** Files the other side already had. */
  skipped: string[];
  /** Pull: files written into the workspace from the cache. */
  restored: string[];
}

interface SyncOptions {
  root: string;
  config: MlxConfig;
}

/** Uploads every file data.lock pins (raw inputs and outputs) that the remote lacks. */
export async function pushData({ root, config }: SyncOptions): Promise<SyncResult> {
  const { files, cache } = await lockedFiles(root, config);
  const remote = openRemote(config.data.remote, root);
  const result: SyncResult = { remote: remote.url, transferred: [], skipped: [], restored: [] };
  for (const entry of files) {
    const cached = path.join(cache, entry.sha256);
    if (!existsSync(cached)) {
      const file = projectPath(root, entry.path);
      if (!existsSync(file) || (await sha256File(file)) !== entry.sha256) {
        throw new InputError('MLX_DATA_STALE_FILE', `${entry.path} does not match data.lock; nothing pushed for it.`, {
          hint: 'Run `mlx data prepare` so the workspace matches the lock, then push again.',
        });
      }
      await copyAtomic(file, cached);
    }
    if (await remote.has(entry.sha256)) result.skipped.push(entry.path);
    else {
      await remote.put(entry.sha256, cached);
      result.transferred.push(entry.path);
    }
  }
  return result;
}

/** Restores every file data.lock pins: remote → cache (hash verified) → workspace. */
export async function pullData({ root, config }: SyncOptions): Promise<SyncResult> {
  const { files, cache } = await lockedFiles(root, config);
  const remote = openRemote(config.data.remote, root);
  const result: SyncResult = { remote: remote.url, transferred: [], skipped: [], restored: [] };
  for (const entry of files) {
    const file = projectPath(root, entry.path);
    if (existsSync(file) && (await sha256File(file)) === entry.sha256) {
      result.skipped.push(entry.path);
      continue;
    }
    const cached = path.join(cache, entry.sha256);
    if (!existsSync(cached) || (await sha256File(cached)) !== entry.sha256) {
      if (!(await remote.has(entry.sha256))) {
        throw new InputError(
          'MLX_DATA_NOT_IN_REMOTE',
          `${entry.path} (sha256 ${entry.sha256.slice(0, 12)}) is not in the remote ${remote.url}.`,
          {
            hint: 'Whoever ran `mlx data prepare` for this data.lock must `mlx data push` first.',
          },
        );
      }
      const tmp = `${cached}.download`;
      await remote.get(entry.sha256, tmp);
      const actual = await sha256File(tmp);
      if (actual !== entry.sha256) {
        throw new InputError(
          'MLX_DATA_CHECKSUM',
          `${entry.path} from the remote is corrupt: sha256 ${actual.slice(0, 12)}, expected ${entry.sha256.slice(0, 12)}.`,
          {
            hint: 'The remote copy was modified or truncated; push it again from a good workspace.',
          },
        );
      }
      await copyAtomic(tmp, cached);
      await rm(tmp, { force: true });
      result.transferred.push(entry.path);
    }
    await copyAtomic(cached, file);
    result.restored.push(entry.path);
  }
  return result;
}

async function lockedFiles(root: string, config: MlxConfig): Promise<{ files: LockedFile[]; cache: string }> {
  const paths = dataPaths(root, config);
  const lock = await readLock(paths.lock);
  if (!lock) {
    throw new InputError(
      'MLX_DATA_NOT_PREPARED',
      `${path.relative(root, paths.lock)} does not exist: nothing to sync.`,
      {
        hint: 'Run `mlx data prepare` first (or commit/pull the data.lock of the version you want).',
      },
    );
  }
  return { files: [...lock.deps, ...lock.outs], cache: paths.cache };
}
