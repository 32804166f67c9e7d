import { ConfigError } from '../../errors.js';

/** Object-storage URL schemes: Amazon S3 (and S3-compatible stores), Google Cloud Storage. */
export type BucketScheme = 's3' | 'gs';

/** `s3://bucket/some/prefix` split into its parts (the prefix has no leading or trailing slash). */
export interface BucketLocation {
  scheme: BucketScheme;
  bucket: string;
  prefix: string;
}

const BUCKET_URL = /^(s3|gs):\/\/([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(?:\/(.*))?$/i;

/** Whether a string is an `s3://` or `gs://` URL (a registry or remote in a bucket). */
export function isBucketUrl(value: string): boolean {
  return /^(s3|gs):\/\//i.test(value);
}

/** Parses `s3://bucket/prefix` or `gs://bucket/prefix`; `what` names the setting in the error. */
export function parseBucketUrl(url: string, what: string): BucketLocation {
  const match = BUCKET_URL.exec(url.trim());
  if (!match?.[1] || !match[2]) {
    throw new ConfigError(`${what} '${url}' is not a bucket URL.`, {
      hint: 'Write s3://BUCKET/PREFIX or gs://BUCKET/PREFIX (bucket names: lowercase letters, digits, . - _).',
    });
  }
  const prefix = (match[3] ?? '').replace(/^\/+|\/+$/g, '');
  return { scheme: match[1].toLowerCase() as BucketScheme, bucket: match[2], prefix };
}

/** The URL of a location (and optionally a key below its prefix). */
export function bucketUrl(location: BucketLocation, key = ''): string {
  const parts = [location.prefix, key].filter((p) => p !== '');
  return `${location.scheme}://${location.bucket}${parts.length ? `/${parts.join('/')}` : ''}`;
}
