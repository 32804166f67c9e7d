import { fileURLToPath } from 'node:url';
import { projectPath } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { DirectoryStore } from './directory-store.js';
import type { RemoteStore } from './remote-store.js';

/** How to open a `data.remote` with a URL scheme (`file://`, `s3://`, ...). */
export interface RemoteBackend {
  /** URL schemes it serves, without `://`. */
  readonly schemes: readonly string[];
  open(url: string): RemoteStore;
}

const fileBackend: RemoteBackend = { schemes: ['file'], open: (url) => new DirectoryStore(fileURLToPath(url)) };

/** The remote backends by URL scheme; a plain path is a directory. A new backend is one module and one line here. */
export const REMOTE_BACKENDS: readonly RemoteBackend[] = [fileBackend];

/** The store for `data.remote`: a directory path (relative to the root), or a URL of a registered backend. */
export function openRemote(remote: string | null, root: string): RemoteStore {
  if (remote === null || remote.trim() === '') {
    throw new ConfigError('No data remote configured (data.remote).', {
      hint: 'Set data.remote in mlx.config.yaml to a directory or file:// URL, or pass --set data.remote=/path/to/store.',
    });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote)?.[1]?.toLowerCase();
  if (!scheme) return new DirectoryStore(projectPath(root, remote));
  const backend = REMOTE_BACKENDS.find((b) => b.schemes.includes(scheme));
  if (!backend) {
    const known = REMOTE_BACKENDS.flatMap((b) => b.schemes.map((s) => `${s}://`)).join(', ');
    throw new ConfigError(`data.remote '${remote}': the ${scheme}:// backend is not implemented yet.`, {
      hint: `Use a directory path or one of: ${known} (a mounted bucket works as a directory).`,
    });
  }
  return backend.open(remote);
}
