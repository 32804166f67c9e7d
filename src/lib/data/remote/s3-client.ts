import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { MlxError } from '../../errors.js';
import type { BucketLocation } from './bucket-url.js';

/** Where and how to reach object storage; the rest (credentials, region) comes from the standard chains. */
export interface ObjectStoreOptions {
  /** An S3-compatible endpoint (MinIO, R2, a local server); null/undefined = AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else the provider's. */
  endpoint?: string | null | undefined;
  /** The environment the endpoint and region variables are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Google Cloud Storage's S3-interoperable (XML API) endpoint: HMAC keys sign requests like AWS keys. */
export const GCS_ENDPOINT = 'https://storage.googleapis.com';

/** The endpoint a location is reached at (null = the AWS default for the bucket's region). */
export function endpointFor(location: BucketLocation, options: ObjectStoreOptions): string | null {
  const env = options.env ?? process.env;
  const custom = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? null;
  if (custom) return custom;
  return location.scheme === 'gs' ? GCS_ENDPOINT : null;
}

/**
 * One S3 client for a location. Credentials: the AWS SDK's default chain (environment, shared
 * config/credentials files, SSO, web identity, ECS/EC2 metadata); for `gs://`, HMAC keys in
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a profile).
 */
export function createS3Client(location: BucketLocation, options: ObjectStoreOptions): S3Client {
  const env = options.env ?? process.env;
  const endpoint = endpointFor(location, options);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (location.scheme === 'gs' ? 'auto' : 'us-east-1');
  // An explicit environment (tests, a child's env) is honoured for static keys; otherwise the SDK's chain.
  const keys =
    options.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {};
  return new S3Client({
    region,
    ...keys,
    ...(endpoint ? { endpoint } : {}),
    // Custom endpoints (MinIO, local servers) and GCS address buckets by path, not by host name.
    forcePathStyle: endpoint !== null,
    followRegionRedirects: true,
    // The SDK's default CRC checksums (aws-chunked bodies) are not understood by GCS and most
    // S3-compatible stores; integrity is checked end to end with sha256 instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
  });
}

/** HTTP status of an SDK error (404, 412, ...), or null for a network or credential failure. */
export function statusOf(error: unknown): number | null {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode ?? null;
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return meta?.httpStatusCode ?? null;
}

/** An SDK failure as an error the user can act on (credentials, bucket, endpoint), naming the URL. */
export function remoteError(error: unknown, url: string, action: string): MlxError {
  if (error instanceof MlxError) return error;
  const status = statusOf(error);
  const name = error instanceof Error ? error.name : 'Error';
  const detail = error instanceof Error ? error.message : String(error);
  const hint =
    status === 403 || status === 401
      ? 'Check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or the workload identity) and that they may read and write this bucket.'
      : name === 'NoSuchBucket' || status === 404
        ? 'Create the bucket first, or fix the bucket name in the URL.'
        : name === 'CredentialsProviderError'
          ? 'No credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (GCS: an HMAC key), or AWS_PROFILE.'
          : 'Check the endpoint (data.remote_endpoint or AWS_ENDPOINT_URL), the network and the credentials.';
  return new MlxError(
    'MLX_REMOTE_ACCESS',
    `Cannot ${action} ${url}: ${name}${status ? ` (HTTP ${status})` : ''}: ${detail}`,
    {
      hint,
      cause: error,
    },
  );
}
