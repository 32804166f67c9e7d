import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { mapLimit } from '../data/remote/map-limit.js';
import { type ObjectBucket, type ObjectRevision, openBucket } from '../data/remote/object-bucket.js';
import { InputError } from '../errors.js';
import { MANIFEST_FILE, verifyManifest } from '../model/manifest.js';
import type { ModelRegistry } from './registry.js';
import type { RegistryRead, RegistryStore } from './registry-store.js';

export interface BucketRegistryOptions {
  /** Local folder where downloaded bundles are kept (`<cache>/<bucket>/<prefix>/<name>/v<N>`). */
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
  onWarning?: (message: string) => void;
}

const REGISTRY = 'registry.json';
const TRANSFERS = 8;

/**
 * A registry in a bucket prefix. registry.json changes are conditional writes (S3 `If-Match` /
 * `If-None-Match: *`; GCS `x-goog-if-generation-match`), so two promotes never lose each other's
 * move; bundles are published before the entry that points at them and never change afterwards.
 */
export class BucketRegistryStore implements RegistryStore {
  private readonly seen = new Map<string, ModelRegistry>();
  private probed: Promise<void> | null = null;

  private constructor(
    private readonly bucket: ObjectBucket,
    private readonly options: BucketRegistryOptions,
  ) {}

  /** Opens `s3://bucket/prefix` or `gs://bucket/prefix` as a registry. */
  static open(url: string, options: BucketRegistryOptions): BucketRegistryStore {
    const bucket = openBucket(url, { what: 'The registry', ...(options.env ? { env: options.env } : {}) });
    return new BucketRegistryStore(bucket, options);
  }

  get location(): string {
    return this.bucket.url();
  }

  async names(): Promise<string[]> {
    const keys = await this.bucket.list();
    const parts = keys.map((k) => k.key.split('/'));
    return parts.flatMap((p) => (p.length === 2 && p[1] === REGISTRY && p[0] ? [p[0]] : [])).sort();
  }

  async read(name: string): Promise<RegistryRead> {
    const found = await this.bucket.readText(`${name}/${REGISTRY}`);
    if (!found) return { registry: null, revision: null };
    const registry = JSON.parse(found.text) as ModelRegistry;
    this.seen.set(name, registry);
    return { registry, revision: JSON.stringify(found.revision) };
  }

  peek(name: string): ModelRegistry | null {
    return this.seen.get(name) ?? null;
  }

  async write(name: string, registry: ModelRegistry, revision: string | null): Promise<boolean> {
    await this.checkConditionalWrites();
    const condition =
      revision === null ? { ifAbsent: true as const } : { ifRevision: JSON.parse(revision) as ObjectRevision };
    const written = await this.bucket.writeText(
      `${name}/${REGISTRY}`,
      `${JSON.stringify(registry, null, 2)}\n`,
      condition,
    );
    if (written === 'conflict') return false;
    this.seen.set(name, registry);
    return true;
  }

  async publishBundle(name: string, version: number, bundleDir: string): Promise<boolean> {
    await this.checkConditionalWrites();
    // The claim object makes the version number first-come: a second publisher gets a conflict.
    const claim = await this.bucket.writeText(`${name}/v${version}/.claim`, `${process.pid}\n`, { ifAbsent: true });
    if (claim === 'conflict') return false;
    const files = listFiles(bundleDir);
    // The manifest goes last: a reader that finds it finds every file it lists.
    const ordered = [...files.filter((f) => f !== MANIFEST_FILE), ...files.filter((f) => f === MANIFEST_FILE)];
    const body = ordered.slice(0, -1);
    await mapLimit(body, TRANSFERS, (f) => this.bucket.upload(`${name}/v${version}/${f}`, path.join(bundleDir, f)));
    const last = ordered.at(-1);
    if (last) await this.bucket.upload(`${name}/v${version}/${last}`, path.join(bundleDir, last));
    return true;
  }

  async bundleDir(name: string, version: number): Promise<string> {
    const { bucket, prefix } = this.bucket.location;
    const target = path.join(this.options.cacheDir, bucket, ...prefix.split('/').filter(Boolean), name, `v${version}`);
    // A bundle never changes once published: a verified copy in the cache is that version.
    if (existsSync(path.join(target, MANIFEST_FILE))) {
      verifyManifest(target);
      return target;
    }
    const objects = await this.bucket.list(`${name}/v${version}`);
    if (!objects.some((o) => o.key.endsWith(`/${MANIFEST_FILE}`))) {
      throw new InputError('MLX_BUNDLE_CORRUPT', `${this.bucket.url(`${name}/v${version}`)} has no ${MANIFEST_FILE}.`, {
        hint: 'The version was not published completely: train again, or promote another version.',
      });
    }
    const tmp = `${target}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    const base = `${name}/v${version}/`;
    const files = objects.filter((o) => !o.key.endsWith('/.claim'));
    try {
      await mapLimit(files, TRANSFERS, (o) => this.bucket.download(o.key, path.join(tmp, o.key.slice(base.length))));
      verifyManifest(tmp);
      rmSync(target, { recursive: true, force: true });
      renameSync(tmp, target);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return target;
  }

  /**
   * Once per store: does the server honour conditional writes? (AWS S3, GCS, MinIO and R2 do; some
   * test servers, such as s3rver 3.7, ignore the headers.) Without them, writes are last-writer-wins.
   */
  private checkConditionalWrites(): Promise<void> {
    this.probed ??= (async () => {
      const probe = `.mlx/cas-probe-${randomUUID()}`;
      await this.bucket.writeText(probe, '1', { ifAbsent: true });
      const second = await this.bucket.writeText(probe, '2', { ifAbsent: true });
      await this.bucket.remove(probe);
      if (second !== 'conflict') {
        this.options.onWarning?.(
          `${this.location} ignores conditional writes (If-None-Match): two registry writes at the same moment could overwrite each other.`,
        );
      }
    })();
    return this.probed;
  }

  /** Closes the client's sockets. */
  close(): void {
    this.bucket.close();
  }
}

function listFiles(dir: string, base = ''): string[] {
  return readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((e) => {
    const rel = base ? `${base}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}
