import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataStatus, prepareData, pullData, pushData } from '../../../src/lib/data/index.js';
import { openBucket } from '../../../src/lib/data/remote/object-bucket.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { type S3Server, startS3Server } from '../../helpers/s3-server.js';
import { TOY_CSV, tempDir, toyConfig } from './helpers.js';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['mlx-data']);
});
afterAll(async () => {
  await s3?.close();
});

/** Every file below a folder → its sha256 (relative paths). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function preparedProject(remote: string) {
  const root = tempDir();
  writeFileSync(path.join(root, 'raw.csv'), TOY_CSV);
  const config = toyConfig({ na_values: ['', '.'], remote, remote_jobs: 4 });
  await prepareData({ root, config, logger: silentLogger() });
  return { root, config };
}

function cloneWithLock(root: string): string {
  const clone = tempDir();
  cpSync(path.join(root, 'data.lock'), path.join(clone, 'data.lock'));
  return clone;
}

describe('data push/pull to an S3 bucket (s3rver)', () => {
  it('pushes from one clone and pulls a byte-identical data/processed into a fresh one; a second push skips all', async () => {
    // Given a prepared project whose remote is a prefix of a bucket
    const { root, config } = await preparedProject('s3://mlx-data/team/penguins');
    // When it pushes twice
    const first = await pushData({ root, config, env: s3.env });
    const second = await pushData({ root, config, env: s3.env });
    // Then everything goes up once, and the second push finds it all there (resumable)
    expect(first.transferred).toHaveLength(7);
    expect(first.bytes).toBeGreaterThan(TOY_CSV.length);
    expect(second).toMatchObject({ transferred: [], remote: 's3://mlx-data/team/penguins' });
    expect(second.skipped).toHaveLength(7);
    // When a fresh clone with only data.lock pulls
    const clone = cloneWithLock(root);
    const pulled = await pullData({ root: clone, config, env: s3.env });
    // Then data/processed and the raw file are byte-identical, and the workspace is up to date
    expect(pulled.transferred).toHaveLength(7);
    expect(tree(path.join(clone, 'data/processed'))).toEqual(tree(path.join(root, 'data/processed')));
    expect(readFileSync(path.join(clone, 'raw.csv'), 'utf8')).toBe(TOY_CSV);
    expect((await dataStatus({ root: clone, config })).upToDate).toBe(true);
    // And pulling again downloads nothing
    const again = await pullData({ root: clone, config, env: s3.env });
    expect(again.transferred).toEqual([]);
  });

  it('refuses a corrupted object: sha256 is verified on pull and nothing corrupt reaches the workspace', async () => {
    // Given a pushed project
    const { root, config } = await preparedProject('s3://mlx-data/corrupt');
    await pushData({ root, config, env: s3.env });
    // When someone overwrites one object in the bucket with other bytes
    const bucket = openBucket('s3://mlx-data/corrupt', { what: 'test', env: s3.env });
    const objects = await bucket.list();
    const victim = objects[0];
    if (!victim) throw new Error('nothing pushed');
    const other = path.join(tempDir(), 'other');
    writeFileSync(other, 'tampered');
    await bucket.upload(victim.key, other);
    bucket.close();
    // Then a pull into a fresh clone fails with MLX_DATA_CHECKSUM
    const clone = cloneWithLock(root);
    await expect(pullData({ root: clone, config, env: s3.env })).rejects.toMatchObject({ code: 'MLX_DATA_CHECKSUM' });
    const cache = path.join(clone, '.mlx/cache');
    const cached = readdirSync(cache).filter((f) => statSync(path.join(cache, f)).isFile());
    expect(cached).not.toContain(victim.key.replace('/', ''));
    expect(cached.filter((f) => f.includes('.download'))).toEqual([]);
  });

  it('says which bucket it cannot reach (no such bucket, wrong keys)', async () => {
    const { root, config } = await preparedProject('s3://no-such-bucket/x');
    await expect(pushData({ root, config, env: s3.env })).rejects.toMatchObject({ code: 'MLX_REMOTE_ACCESS' });
    const wrongKeys = { ...s3.env, AWS_ACCESS_KEY_ID: 'NOBODY' };
    const ok = await preparedProject('s3://mlx-data/keys');
    await expect(pushData({ ...ok, env: wrongKeys })).rejects.toThrow(/s3:\/\/mlx-data\/keys/);
  });
});

describe('object bucket', () => {
  it('uploads a file larger than one part as a multipart upload and downloads it intact', async () => {
    // Given a 11 MiB file (three 5 MiB parts)
    const dir = tempDir();
    const big = path.join(dir, 'big.bin');
    const bytes = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i);
    writeFileSync(big, bytes);
    const bucket = openBucket('s3://mlx-data/multipart', { what: 'test', env: s3.env });
    // When it goes up in 5 MiB parts and comes back
    const sent = await bucket.upload('big.bin', big, { partBytes: 5 * 1024 * 1024, partsInFlight: 3 });
    const head = await bucket.head('big.bin');
    await bucket.download('big.bin', path.join(dir, 'back.bin'));
    bucket.close();
    // Then it went as three parts, and the bytes are the same
    expect(sent.parts).toBe(3);
    expect(head?.size).toBe(bytes.length);
    expect(readFileSync(path.join(dir, 'back.bin')).equals(bytes)).toBe(true);
  });
});
