import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../../config/index.js';
import { InputError } from '../../errors.js';
import { sha256File } from '../hash.js';
import { type LockedFile, readLock } from '../lock.js';
import { dataPaths } from '../project-paths.js';
import { copyAtomic } from './directory-store.js';
import { mapLimit } from './map-limit.js';
import { openRemote } from './open-remote.js';
import type { RemoteStore } from './remote-store.js';

export interface SyncResult {
  remote: string;
  /** Files transferred to (push) or from (pull) the remote. */
  transferred: string[];
  /** Files the other side already had. */
  skipped: string[];
  /** Pull: files written into the workspace from the cache. */
  restored: string[];
  /** Bytes transferred. */
  bytes: number;
}

interface SyncOptions {
  root: string;
  config: MlxConfig;
  env?: NodeJS.ProcessEnv;
}

type Outcome = { path: string; action: 'transferred' | 'skipped'; restored: boolean; bytes: number };

/**
 * Uploads every file data.lock pins (raw inputs and outputs) that the remote lacks, `data.remote_jobs`
 * at a time (large files as multipart uploads). What the remote already has is skipped, so an
 * interrupted push resumes where it stopped.
 */
export async function pushData({ root, config, env }: SyncOptions): Promise<SyncResult> {
  const { files, cache } = await lockedFiles(root, config);
  return withRemote(root, config, env, async (remote) => {
    const present = remote.list ? await remote.list() : null;
    const outcomes = await mapLimit(unique(files), config.data.remote_jobs, async (entry): Promise<Outcome> => {
      const cached = path.join(cache, entry.sha256);
      if (!existsSync(cached)) {
        const file = projectPath(root, entry.path);
        if (!existsSync(file) || (await sha256File(file)) !== entry.sha256) {
          throw new InputError(
            'MLX_DATA_STALE_FILE',
            `${entry.path} does not match data.lock; nothing pushed for it.`,
            {
              hint: 'Run `mlx data prepare` so the workspace matches the lock, then push again.',
            },
          );
        }
        await copyAtomic(file, cached);
      }
      const there = present ? present.has(entry.sha256) : await remote.has(entry.sha256);
      if (there) return { path: entry.path, action: 'skipped', restored: false, bytes: 0 };
      await remote.put(entry.sha256, cached);
      return { path: entry.path, action: 'transferred', restored: false, bytes: entry.size };
    });
    return summarize(remote, outcomes);
  });
}

/**
 * Restores every file data.lock pins: remote → cache (sha256 verified: a corrupt object is refused) →
 * workspace, `data.remote_jobs` at a time. Files already right in the workspace or the cache are not
 * downloaded again, so an interrupted pull resumes.
 */
export async function pullData({ root, config, env }: SyncOptions): Promise<SyncResult> {
  const { files, cache } = await lockedFiles(root, config);
  return withRemote(root, config, env, async (remote) => {
    const outcomes = await mapLimit(unique(files), config.data.remote_jobs, async (entry): Promise<Outcome> => {
      const file = projectPath(root, entry.path);
      if (existsSync(file) && (await sha256File(file)) === entry.sha256)
        return { path: entry.path, action: 'skipped', restored: false, bytes: 0 };
      const cached = path.join(cache, entry.sha256);
      let bytes = 0;
      if (!existsSync(cached) || (await sha256File(cached)) !== entry.sha256) {
        await download(remote, entry, cached);
        bytes = entry.size;
      }
      await copyAtomic(cached, file);
      return { path: entry.path, action: bytes > 0 ? 'transferred' : 'skipped', restored: true, bytes };
    });
    return summarize(remote, outcomes);
  });
}

async function download(remote: RemoteStore, entry: LockedFile, cached: string): Promise<void> {
  const tmp = `${cached}.${process.pid}.${randomUUID().slice(0, 8)}.download`;
  try {
    try {
      await remote.get(entry.sha256, tmp);
    } catch (error) {
      // Asked only when the download failed: one round trip per file instead of two.
      if (await remote.has(entry.sha256).catch(() => true)) throw error;
      throw new InputError(
        'MLX_DATA_NOT_IN_REMOTE',
        `${entry.path} (sha256 ${entry.sha256.slice(0, 12)}) is not in the remote ${remote.url}.`,
        { hint: 'Whoever ran `mlx data prepare` for this data.lock must `mlx data push` first.' },
      );
    }
    const actual = await sha256File(tmp);
    if (actual !== entry.sha256) {
      throw new InputError(
        'MLX_DATA_CHECKSUM',
        `${entry.path} from the remote is corrupt: sha256 ${actual.slice(0, 12)}, expected ${entry.sha256.slice(0, 12)}.`,
        { hint: 'The remote copy was modified or truncated; push it again from a good workspace.' },
      );
    }
    await copyAtomic(tmp, cached);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function withRemote(
  root: string,
  config: MlxConfig,
  env: NodeJS.ProcessEnv | undefined,
  fn: (remote: RemoteStore) => Promise<SyncResult>,
): Promise<SyncResult> {
  const remote = openRemote(config.data.remote, root, {
    endpoint: config.data.remote_endpoint,
    ...(env ? { env } : {}),
  });
  try {
    return await fn(remote);
  } finally {
    remote.close?.();
  }
}

/** Two lock entries with the same content are one transfer. */
function unique(files: readonly LockedFile[]): LockedFile[] {
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(`${f.sha256}\0${f.path}`) && seen.add(`${f.sha256}\0${f.path}`));
}

function summarize(remote: RemoteStore, outcomes: readonly Outcome[]): SyncResult {
  const result: SyncResult = { remote: remote.url, transferred: [], skipped: [], restored: [], bytes: 0 };
  for (const o of outcomes) {
    result[o.action].push(o.path);
    if (o.restored) result.restored.push(o.path);
    result.bytes += o.bytes;
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
