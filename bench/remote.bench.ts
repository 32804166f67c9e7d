// `npm run bench -- remote [MiB] [files]`: `mlx data push` and `pull` of MiB (default 1024) across `files`
// (default 256) files, to and from a directory remote and an S3 bucket (s3rver from npm, in its own
// process on 127.0.0.1, storing in a temp folder on the same disk), interleaved, medians of 3 with
// min–max. Both sides use data.remote_jobs (default 8) transfers at once; push includes the copy into
// .mlx/cache, pull the sha256 check of every file.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type MlxConfig } from '../src/lib/config/index.js';
import { pullData, pushData } from '../src/lib/data/index.js';
import { median, printTable, projectRoot } from './lib.js';

const totalMiB = Number(process.argv[2] ?? 1024);
const files = Number(process.argv[3] ?? 256);
const rounds = 3;
const work = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-remote-'));

/** s3rver in a child process (so the server does not share the client's event loop); resolves with its port. */
function startS3rver(directory: string): Promise<{ child: ChildProcess; port: number }> {
  const code = `const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: [{ name: 'bench' }] })
  .run().then((a) => console.log('PORT ' + a.port));`;
  const child = spawn(process.execPath, ['--input-type=commonjs', '-e', code], { cwd: projectRoot });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(String(chunk))?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.on('exit', (c) => reject(new Error(`s3rver exited ${c}`)));
  });
}

/** A project with `files` files of random bytes pinned by a data.lock (as `mlx data prepare` writes it). */
function makeProject(): string {
  const root = path.join(work, 'project');
  mkdirSync(path.join(root, 'data', 'blobs'), { recursive: true });
  const bytes = Math.floor((totalMiB * 1024 * 1024) / files);
  const outs = [];
  for (let i = 0; i < files; i++) {
    const rel = `data/blobs/part-${String(i).padStart(4, '0')}.bin`;
    const data = randomBytes(bytes);
    writeFileSync(path.join(root, rel), data);
    outs.push({ path: rel, sha256: createHash('sha256').update(data).digest('hex'), size: bytes });
  }
  const lock = {
    version: 1,
    mlx_version: 'bench',
    params_sha256: '',
    params: {},
    provenance: {},
    task: 'classification',
    features: 0,
    width: 0,
    deps: [],
    outs,
    rows: {},
    fingerprint: '',
  };
  writeFileSync(path.join(root, 'data.lock'), JSON.stringify(lock));
  return root;
}

function configFor(remote: string): MlxConfig {
  const config = defaultConfig();
  return { ...config, data: { ...config.data, remote } };
}

const s3dir = path.join(work, 's3');
mkdirSync(s3dir);
const server = await startS3rver(s3dir);
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: `http://127.0.0.1:${server.port}`,
};
const root = makeProject();
const times: Record<string, { push: number[]; pull: number[] }> = {
  directory: { push: [], pull: [] },
  s3: { push: [], pull: [] },
};
const load: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    for (const side of ['directory', 's3'] as const) {
      const remote = side === 'directory' ? path.join(work, `remote-${round}`) : `s3://bench/round-${round}`;
      const config = configFor(remote);
      rmSync(path.join(root, '.mlx'), { recursive: true, force: true });
      load.push(os.loadavg()[0] ?? 0);
      let start = performance.now();
      const pushed = await pushData({ root, config, env });
      times[side]?.push.push(performance.now() - start);
      const clone = path.join(work, 'clone');
      mkdirSync(clone, { recursive: true });
      cpSync(path.join(root, 'data.lock'), path.join(clone, 'data.lock'));
      start = performance.now();
      const pulled = await pullData({ root: clone, config, env });
      times[side]?.pull.push(performance.now() - start);
      if (pushed.transferred.length !== files || pulled.transferred.length !== files)
        throw new Error(
          `${side}: pushed ${pushed.transferred.length}, pulled ${pulled.transferred.length} of ${files}`,
        );
      rmSync(clone, { recursive: true, force: true });
      if (side === 'directory') rmSync(remote, { recursive: true, force: true });
      else rmSync(path.join(s3dir, 'bench', `round-${round}`), { recursive: true, force: true });
    }
  }
} finally {
  server.child.kill();
  rmSync(work, { recursive: true, force: true });
}

const seconds = (ms: readonly number[]) =>
  `${(median(ms) / 1000).toFixed(2)} (${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)})`;
const rate = (ms: readonly number[]) => `${(totalMiB / (median(ms) / 1000)).toFixed(0)}`;
console.log(
  `data push/pull of ${totalMiB} MiB in ${files} files, ${defaultConfig().data.remote_jobs} transfers at once; medians of ${rounds} (min–max); load average at the starts ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${os.cpus().length} cores`,
);
printTable(
  ['remote', 'push s', 'push MiB/s', 'pull s', 'pull MiB/s'],
  (['directory', 's3'] as const).map((side) => {
    const t = times[side] ?? { push: [], pull: [] };
    return [
      side === 's3' ? 's3:// (s3rver, loopback)' : 'directory',
      seconds(t.push),
      rate(t.push),
      seconds(t.pull),
      rate(t.pull),
    ];
  }),
);
