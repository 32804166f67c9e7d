import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBucket } from '../../../src/lib/data/remote/object-bucket.js';
import { BucketRegistryStore } from '../../../src/lib/tracking/bucket-registry-store.js';
import { readRegistry, registerVersion, setAlias } from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore, type RegistryStore } from '../../../src/lib/tracking/registry-store.js';
import { type S3Server, startS3Server } from '../../helpers/s3-server.js';

let root: string;
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['reg']);
});
afterAll(async () => {
  await s3?.close();
});
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-regstore-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A real (tiny) bundle: two files and their manifest. */
function bundle(name: string, weights = 'w'): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'weights.bin'), weights);
  writeFileSync(path.join(dir, 'lineage.json'), '{}');
  const line = (f: string, t: string) => `${createHash('sha256').update(t).digest('hex')}  ${f}`;
  writeFileSync(path.join(dir, 'MANIFEST.sha256'), `${line('lineage.json', '{}')}\n${line('weights.bin', weights)}\n`);
  return dir;
}

const entry = (version: number) => ({
  version,
  runId: `run${version}`,
  createdAt: '2026-01-01T00:00:00Z',
  metrics: {},
  dataFingerprint: 'f',
  configHash: 'c',
});

const stores: Record<string, () => RegistryStore> = {
  folder: () => new FolderRegistryStore(path.join(root, 'models')),
  bucket: () =>
    BucketRegistryStore.open(`s3://reg/${path.basename(root)}`, { cacheDir: path.join(root, 'cache'), env: s3.env }),
};

describe.each(Object.keys(stores))('%s registry store', (kind) => {
  const open = () => (stores[kind] as () => RegistryStore)();

  it('publishes versions, resolves bundles to a local folder, lists models', async () => {
    const store = open();
    await registerVersion(store, 'm', bundle('b1', 'one'), entry(1));
    await registerVersion(store, 'm', bundle('b2', 'two'), entry(2));
    expect(await store.names()).toEqual(['m']);
    expect((await readRegistry(store, 'm')).versions.map((v) => v.version)).toEqual([1, 2]);
    const dir = await store.bundleDir('m', 2);
    expect(readFileSync(path.join(dir, 'weights.bin'), 'utf8')).toBe('two');
  });
});

// s3rver ignores conditional writes (see below): the races are checked on the folder store here, and
// the bucket's conditional requests on the wire further down.
describe('folder registry store under concurrency', () => {
  const open = () => (stores.folder as () => RegistryStore)();

  it('gives a version number to the first publisher only; concurrent alias moves are all kept', async () => {
    const store = open();
    await registerVersion(store, 'm', bundle('b1'), entry(1));
    // Two trainings claim v2 at once: exactly one wins
    const claims = await Promise.allSettled([
      registerVersion(open(), 'm', bundle('x'), entry(2)),
      registerVersion(open(), 'm', bundle('y'), entry(2)),
    ]);
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    expect(claims.filter((c) => c.status === 'rejected').map((c) => (c as PromiseRejectedResult).reason.code)).toEqual([
      'MLX_REGISTRY_CONFLICT',
    ]);
    // Six promotes of different aliases at once: none is lost (compare-and-swap + retry)
    const aliases = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(aliases.map((a, i) => setAlias(open(), 'm', a, (i % 2) + 1)));
    const registry = await readRegistry(store, 'm');
    expect(Object.keys(registry.aliases).sort()).toEqual(aliases);
    expect(registry.aliasHistory).toHaveLength(6);
  });
});

describe('bucket registry on a server that ignores conditional writes', () => {
  it('says so once (s3rver 3.7 ignores If-None-Match on PUT), and still works last-writer-wins', async () => {
    const warnings: string[] = [];
    const store = BucketRegistryStore.open('s3://reg/warned', {
      cacheDir: path.join(root, 'cache'),
      env: s3.env,
      onWarning: (m) => warnings.push(m),
    });
    await registerVersion(store, 'm', bundle('b1'), entry(1));
    await setAlias(store, 'm', 'production', 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/s3:\/\/reg\/warned ignores conditional writes/);
  });
});

describe('conditional writes on the wire', () => {
  /** A local HTTP server that records requests and answers 412 to the second conditional PUT. */
  async function recorder() {
    const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        const conditional =
          req.headers['if-match'] || req.headers['if-none-match'] || req.headers['x-goog-if-generation-match'];
        const puts = seen.filter((s) => s.method === 'PUT').length;
        res.writeHead(conditional && puts > 1 ? 412 : 200, { ETag: '"e1"', 'x-goog-generation': '1700000000000001' });
        res.end(conditional && puts > 1 ? '<Error><Code>PreconditionFailed</Code></Error>' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { seen, endpoint, close: () => new Promise((r) => server.close(r)) };
  }
  const keys = { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' };

  it('S3: If-None-Match: * to create, If-Match: <etag> to replace; 412 is a conflict', async () => {
    const rec = await recorder();
    const bucket = openBucket('s3://bkt/p', { what: 'test', endpoint: rec.endpoint, env: keys });
    const created = await bucket.writeText('k.json', '{}', { ifAbsent: true });
    expect(created).toEqual({ etag: '"e1"', generation: '1700000000000001' });
    const second = await bucket.writeText('k.json', '{}', { ifRevision: { etag: '"e1"', generation: null } });
    expect(second).toBe('conflict');
    bucket.close();
    await rec.close();
    expect(
      rec.seen.map((s) => [s.method, s.url.split('?')[0], s.headers['if-none-match'], s.headers['if-match']]),
    ).toEqual([
      ['PUT', '/bkt/p/k.json', '*', undefined],
      ['PUT', '/bkt/p/k.json', undefined, '"e1"'],
    ]);
  });

  it('GCS (XML API): x-goog-if-generation-match 0 to create, the read generation to replace', async () => {
    const rec = await recorder();
    const bucket = openBucket('gs://bkt/p', { what: 'test', endpoint: rec.endpoint, env: keys });
    await bucket.writeText('k.json', '{}', { ifAbsent: true });
    await bucket.writeText('k.json', '{}', { ifRevision: { etag: '"e1"', generation: '1700000000000001' } });
    bucket.close();
    await rec.close();
    expect(
      rec.seen.map((s) => [s.headers['x-goog-if-generation-match'], s.headers['if-match'], s.headers['if-none-match']]),
    ).toEqual([
      ['0', undefined, undefined],
      ['1700000000000001', undefined, undefined],
    ]);
  });
});
