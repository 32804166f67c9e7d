import { fileURLToPath } from 'node:url';
import { projectPath } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { DirectoryStore } from './directory-store.js';
import type { RemoteStore } from './remote-store.js';

/** The store for `data.remote`: a directory path (relative to the root) or a file:// URL. */
export function openRemote(remote: string | null, root: string): RemoteStore {
  if (remote === null || remote.trim() === '') {
    throw new ConfigError('No data remote configured (data.remote).', {
      hint: 'Set data.remote in mlx.config.yaml to a directory or file:// URL, or pass --set data.remote=/path/to/store.',
    });
  }
  if (remote.startsWith('file://')) return new DirectoryStore(fileURLToPath(remote));
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote)?.[1];
  if (scheme) {
    throw new ConfigError(`data.remote '${remote}': the ${scheme}:// backend is not implemented yet.`, {
      hint: 'Use a directory path or a file:// URL (a mounted bucket works too); GCS/S3 backends are planned.',
    });
  }
  return new DirectoryStore(projectPath(root, remote));
}
