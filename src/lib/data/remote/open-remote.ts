import { fileURLToPath } from 'node:url';
import { projectPath } from '../../config/index.js';
import { ConfigError } from '../../errors.js';
import { bucketUrl, parseBucketUrl } from './bucket-url.js';
import { DirectoryStore } from './directory-store.js';
import type { UploadOptions } from './object-bucket.js';
import type { RemoteStore } from './remote-store.js';
import type { ObjectStoreOptions } from './s3-client.js';
import { S3Store } from './s3-store.js';

/** What a backend may need besides the URL. */
export interface RemoteOptions extends ObjectStoreOptions {
  upload?: UploadOptions;
}

/** How to open a `data.remote` with a URL scheme (`file://`, `s3://`, ...). */
export interface RemoteBackend {
  /** URL schemes it serves, without `://`. */
  readonly schemes: readonly string[];
  open(url: string, options: RemoteOptions): RemoteStore;
}

const fileBackend: RemoteBackend = { schemes: ['file'], open: (url) => new DirectoryStore(fileURLToPath(url)) };

const bucketBackend: RemoteBackend = {
  schemes: ['s3', 'gs'],
  open: (url, options) => new S3Store(bucketUrl(parseBucketUrl(url, 'data.remote')), options),
};

/** The remote backends by URL scheme; a plain path is a directory. A new backend is one module and one line here. */
export const REMOTE_BACKENDS: readonly RemoteBackend[] = [fileBackend, bucketBackend];

/** The store for `data.remote`: a directory path (relative to the root), or a URL of a registered backend. */
export function openRemote(remote: string | null, root: string, options: RemoteOptions = {}): RemoteStore {
  if (remote === null || remote.trim() === '') {
    throw new ConfigError('No data remote configured (data.remote).', {
      hint: 'Set data.remote in mlx.config.yaml to a directory, file:// URL or bucket (s3://, gs://), or pass --set data.remote=...',
    });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote)?.[1]?.toLowerCase();
  if (!scheme) return new DirectoryStore(projectPath(root, remote));
  const backend = REMOTE_BACKENDS.find((b) => b.schemes.includes(scheme));
  if (!backend) {
    const known = REMOTE_BACKENDS.flatMap((b) => b.schemes.map((s) => `${s}://`)).join(', ');
    throw new ConfigError(`data.remote '${remote}': mlx has no ${scheme}:// backend.`, {
      hint: `Use a directory path or one of: ${known} (a mounted share works as a directory).`,
    });
  }
  return backend.open(remote, options);
}
