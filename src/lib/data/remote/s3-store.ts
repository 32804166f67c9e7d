import type { ObjectBucket, UploadOptions } from './object-bucket.js';
import type { RemoteStore } from './remote-store.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A remote in a bucket over the S3 API (`s3://bucket/prefix`, `gs://bucket/prefix` through GCS's
 * S3-interoperable endpoint): `<prefix>/<aa>/<rest of sha256>`, the directory remote's layout.
 */
export class S3Store implements RemoteStore {
  constructor(
    private readonly bucket: ObjectBucket,
    private readonly upload: UploadOptions = {},
  ) {}

  get url(): string {
    return this.bucket.url();
  }

  private object(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256.slice(2)}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.bucket.head(this.object(sha256))) !== null;
  }

  async put(sha256: string, file: string): Promise<void> {
    await this.bucket.upload(this.object(sha256), file, this.upload);
  }

  async get(sha256: string, dest: string): Promise<void> {
    await this.bucket.download(this.object(sha256), dest);
  }

  async list(): Promise<Set<string>> {
    const hashes = (await this.bucket.list()).map((o) => o.key.replace('/', ''));
    return new Set(hashes.filter((h) => SHA256.test(h)));
  }

  close(): void {
    this.bucket.close();
  }
}
