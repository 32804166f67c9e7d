import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type BucketLocation, bucketUrl, parseBucketUrl } from './bucket-url.js';
import { createS3Client, type ObjectStoreOptions, remoteError, statusOf } from './s3-client.js';

/** Which write an object's current state is: S3 compares ETags, GCS generation numbers. */
export interface ObjectRevision {
  etag: string;
  /** GCS `x-goog-generation` (null on S3). */
  generation: string | null;
}

/** A conditional write: only if the object does not exist yet, or is still at `revision`. */
export type WriteCondition = { ifAbsent: true } | { ifRevision: ObjectRevision };

/** Multipart settings of uploads (parts of `partBytes`, `partsInFlight` at a time per file). */
export interface UploadOptions {
  partBytes?: number;
  partsInFlight?: number;
}

const GENERATION = 'x-goog-generation';
const DEFAULT_PART = 8 * 1024 * 1024;

/** The GCS generation a response carried (attached by the middleware of {@link openBucket}). */
function generationOf(output: object): string | null {
  const value = (output as { [GENERATION]?: unknown })[GENERATION];
  return typeof value === 'string' ? value : null;
}

/**
 * A prefix of a bucket seen as a small file system: read, write (optionally conditional), list, delete.
 * Keys passed in are relative to the prefix. Used by the data remote and the model registry.
 */
export class ObjectBucket {
  constructor(
    readonly location: BucketLocation,
    private readonly client: S3Client,
  ) {}

  /** `s3://bucket/prefix[/key]`. */
  url(key = ''): string {
    return bucketUrl(this.location, key);
  }

  /** The full object key of a key relative to the prefix. */
  key(key: string): string {
    return [this.location.prefix, key].filter((p) => p !== '').join('/');
  }

  private get gcs(): boolean {
    return this.location.scheme === 'gs';
  }

  /** Size and revision of an object, or null when it does not exist. */
  async head(key: string): Promise<{ size: number; revision: ObjectRevision } | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }));
      return { size: out.ContentLength ?? 0, revision: { etag: out.ETag ?? '', generation: generationOf(out) } };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw remoteError(error, this.url(key), 'read');
    }
  }

  /** The text of an object and its revision, or null when it does not exist. */
  async readText(key: string): Promise<{ text: string; revision: ObjectRevision } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }));
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      return { text, revision: { etag: out.ETag ?? '', generation: generationOf(out) } };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw remoteError(error, this.url(key), 'read');
    }
  }

  /** Streams an object to `dest` through a temporary name (a reader never sees half a file). */
  async download(key: string, dest: string): Promise<void> {
    await mkdir(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.part`;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }));
      if (!out.Body) throw new Error('empty response body');
      await pipeline(out.Body as Readable, createWriteStream(tmp));
      await rename(tmp, dest);
    } catch (error) {
      await rm(tmp, { force: true });
      throw remoteError(error, this.url(key), 'download');
    }
  }

  /**
   * Uploads a file; above one part it is a multipart upload with parts in parallel (aborted on failure).
   * Returns the number of parts sent (1 = a single PUT).
   */
  async upload(key: string, file: string, options: UploadOptions = {}): Promise<{ parts: number }> {
    const partSize = Math.max(5 * 1024 * 1024, options.partBytes ?? DEFAULT_PART);
    try {
      const { size } = await stat(file);
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.location.bucket, Key: this.key(key), Body: createReadStream(file), ContentLength: size },
        partSize,
        queueSize: options.partsInFlight ?? 4,
        leavePartsOnError: false,
      });
      let parts = 0;
      upload.on('httpUploadProgress', (progress) => {
        parts = Math.max(parts, progress.part ?? 1);
      });
      await upload.done();
      return { parts: Math.max(1, parts) };
    } catch (error) {
      throw remoteError(error, this.url(key), 'upload to');
    }
  }

  /** Writes a small text object; with a condition, returns 'conflict' when the object moved (HTTP 412). */
  async writeText(key: string, text: string, condition?: WriteCondition): Promise<ObjectRevision | 'conflict'> {
    const command = new PutObjectCommand({
      Bucket: this.location.bucket,
      Key: this.key(key),
      Body: text,
      ContentType: 'application/json',
      ...(condition && !this.gcs
        ? 'ifAbsent' in condition
          ? { IfNoneMatch: '*' }
          : { IfMatch: condition.ifRevision.etag }
        : {}),
    });
    if (condition && this.gcs) {
      // GCS's XML API honours If-Match/If-None-Match on reads only: writes use generation preconditions.
      const generation = 'ifAbsent' in condition ? '0' : (condition.ifRevision.generation ?? '-1');
      command.middlewareStack.add(
        (next) => (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) request.headers['x-goog-if-generation-match'] = generation;
          return next(args);
        },
        { step: 'build', name: 'gcsGenerationPrecondition' },
      );
    }
    try {
      const out = await this.client.send(command);
      return { etag: out.ETag ?? '', generation: generationOf(out) };
    } catch (error) {
      if (condition && statusOf(error) === 412) return 'conflict';
      throw remoteError(error, this.url(key), 'write');
    }
  }

  /** Every object below `under` (relative to the prefix): relative keys and sizes. */
  async list(under = ''): Promise<{ key: string; size: number }[]> {
    const base = this.key(under);
    const prefix = base === '' ? '' : `${base}/`;
    const strip = this.location.prefix === '' ? 0 : this.location.prefix.length + 1;
    const found: { key: string; size: number }[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) if (o.Key) found.push({ key: o.Key.slice(strip), size: o.Size ?? 0 });
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw remoteError(error, this.url(under), 'list');
    }
    return found;
  }

  /** Deletes an object (no error when it is already gone). */
  async remove(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }));
    } catch (error) {
      if (statusOf(error) !== 404) throw remoteError(error, this.url(key), 'delete');
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}

/** Opens `s3://bucket/prefix` or `gs://bucket/prefix`; `what` names the setting in errors. */
export function openBucket(url: string, options: ObjectStoreOptions & { what: string }): ObjectBucket {
  const location = parseBucketUrl(url, options.what);
  const client = createS3Client(location, options);
  // GCS answers with the object's generation in a header the S3 model does not know: keep it.
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string> }).headers;
      const generation = headers?.[GENERATION];
      if (generation && result.output && typeof result.output === 'object')
        Object.assign(result.output, { [GENERATION]: generation });
      return result;
    },
    { step: 'initialize', name: 'gcsGeneration' },
  );
  return new ObjectBucket(location, client);
}
