import type { ObjectBucket, UploadOptions } from './object-bucket.js';
import type { RemoteStore } from './remote-store.js';
import type { ObjectStoreOptions } from './s3-client.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A remote in a bucket over the S3 API (`s3://bucket/prefix`, `gs://bucket/prefix` through GCS's
 * S3-interoperable endpoint): `<prefix>/<aa>/<rest of sha256>`, the directory remote's layout.
 * The AWS SDK is loaded on first use, so commands that never touch a bucket do not pay for it.
 */
export class S3Store implements RemoteStore {
  private opened: Promise<ObjectBucket> | null = null;

  constructor(
    readonly url: string,
    private readonly options: ObjectStoreOptions & { upload?: UploadOptions } = {},
  ) {}

  private bucket(): Promise<ObjectBucket> {
    this.opened ??= import('./object-bucket.js').then(({ openBucket }) =>
      openBucket(this.url, { ...this.options, what: 'data.remote' }),
    );
    return this.opened;
  }

  private object(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256.slice(2)}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await (await this.bucket()).head(this.object(sha256))) !== null;
  }

  async put(sha256: string, file: string): Promise<void> {
    await (await this.bucket()).upload(this.object(sha256), file, this.options.upload);
  }

  async get(sha256: string, dest: string): Promise<void> {
    await (await this.bucket()).download(this.object(sha256), dest);
  }

  async list(): Promise<Set<string>> {
    const hashes = (await (await this.bucket()).list()).map((o) => o.key.replace('/', ''));
    return new Set(hashes.filter((h) => SHA256.test(h)));
  }

  close(): void {
    void this.opened?.then((b) => b.close());
  }
}
