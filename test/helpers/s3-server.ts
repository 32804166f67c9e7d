// A real S3-protocol server for the tests: s3rver (npm) in-process on 127.0.0.1, port 0, in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Where s3rver keeps the buckets (objects are plain files: tests corrupt them there). */
  directory: string;
  /** AWS_* variables that point a client (the library or a `mlx` child process) at it. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Starts s3rver with the given buckets; s3rver accepts the access key S3RVER / secret S3RVER. */
export async function startS3Server(buckets: readonly string[]): Promise<S3Server> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'mlx-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    env: {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
