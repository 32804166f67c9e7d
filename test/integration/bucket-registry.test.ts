// Train → publish to a bucket registry → `mlx serve --model s3://…/penguins@production` (the built binary,
// from an empty folder) → promote → the server reloads, under load, without one failed request; a canary
// takes its share and ends when the alias comes to point at it. The bucket is s3rver, in-process.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MlxConfig, resolveConfig } from '../../src/lib/config/index.js';
import { prepareData } from '../../src/lib/data/index.js';
import { silentLogger } from '../../src/lib/logging.js';
import { listModels, promoteModel } from '../../src/lib/tracking/models.js';
import { trainModel } from '../../src/lib/workflows/train-run.js';
import { copyProject } from '../helpers/project.js';
import { type S3Server, startS3Server } from '../helpers/s3-server.js';
import { eventually } from './helpers.js';
import { type ServeProcess, spawnServe, startLoad } from './serve-process.js';

const REGISTRY = 's3://mlx-models/team/registry';
const logger = silentLogger();
let s3: S3Server;
let project: string;
let servingDir: string;
let config: MlxConfig;

/** One more version (another learning rate: the seed also drives the split, which must stay). */
async function train(lr: number) {
  return trainModel({ root: project, config: { ...config, train: { ...config.train, lr } }, logger });
}

beforeAll(async () => {
  s3 = await startS3Server(['mlx-models']);
  project = copyProject('mlx-bucket-registry-');
  servingDir = mkdtempSync(path.join(os.tmpdir(), 'mlx-bucket-serve-'));
  const resolved = await resolveConfig({
    cwd: project,
    env: {},
    overrides: ['train.epochs=5', 'train.backend=wasm', `paths.models=${REGISTRY}`],
  });
  config = resolved.config;
  await prepareData({ root: project, config, logger });
  // The library reads AWS_* from process.env (the standard credential chain), as `mlx` does.
  Object.assign(process.env, s3.env);
}, 120_000);

afterAll(async () => {
  for (const key of Object.keys(s3?.env ?? {})) delete process.env[key];
  await s3?.close();
  rmSync(project, { recursive: true, force: true });
  rmSync(servingDir, { recursive: true, force: true });
});

describe('a model registry in a bucket', () => {
  it('publishes versions and moves aliases there; nothing is written to a local models folder', async () => {
    const first = await train(0.01);
    const second = await train(0.02);
    expect([first.model.version, second.model.version]).toEqual([1, 2]);
    expect(await promoteModel({ root: project, config }, 'penguins@1', 'production')).toMatchObject({
      version: 1,
      previous: null,
    });
    const [penguins] = await listModels({ root: project, config });
    expect(penguins?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(penguins?.aliases).toEqual({ production: 1 });
    expect(existsSync(path.join(project, 'models'))).toBe(false);
  }, 120_000);

  it('serves s3://…/penguins@production, splits a canary, and reloads on promote without a failed request', async () => {
    let server: ServeProcess | null = null;
    try {
      // Given a server in an empty folder, following the production alias, with v2 as a 25 % canary
      server = await spawnServe(
        servingDir,
        [
          '--model',
          `${REGISTRY}/penguins@production`,
          '--set',
          'serve.reload_interval=0.5',
          '--set',
          `serve.canary={model: '${REGISTRY}/penguins@2', weight: 0.25}`,
        ],
        s3.env,
      );
      const url = server.url;
      const modelVersion = async () => ((await (await fetch(`${url}/v1/model`)).json()) as { version: string }).version;
      expect(await modelVersion()).toBe('1');
      // The bundle came from the bucket into the local cache, manifest and all
      expect(
        existsSync(path.join(servingDir, '.mlx/cache/registry/mlx-models/team/registry/penguins/v1/MANIFEST.sha256')),
      ).toBe(true);
      // When traffic flows
      const load = startLoad(() => [url], 4, 5);
      await eventually(
        async () => {
          const metrics = await (await fetch(`${url}/metrics`)).text();
          return /mlx_predictions_total\{model_version="2"/.test(metrics) &&
            /mlx_predictions_total\{model_version="1"/.test(metrics)
            ? true
            : undefined;
        },
        30_000,
        'both versions to answer',
      );
      // And v2 is promoted (the canary becomes the alias's target)
      await promoteModel({ root: project, config }, 'penguins@2', 'production');
      await eventually(async () => ((await modelVersion()) === '2' ? true : undefined), 30_000, 'the reload to v2');
      await eventually(
        async () => (/"message":"canary off"/.test(server?.output() ?? '') ? true : undefined),
        10_000,
        'the canary to end',
      );
      // And a version trained while serving is published and promoted
      const third = await train(0.03);
      expect(third.model.version).toBe(3);
      await promoteModel({ root: project, config }, 'penguins@3', 'production');
      await eventually(async () => ((await modelVersion()) === '3' ? true : undefined), 60_000, 'the reload to v3');
      await new Promise((r) => setTimeout(r, 500));
      const result = await load.stop();
      // Then every request was answered 200 through both switches
      expect(result.statuses).toEqual({ '200': result.acked.size });
      expect(result.acked.size).toBeGreaterThan(20);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/mlx_model_info\{name="penguins",version="3"\} 1/);
      expect(metrics).not.toMatch(/mlx_model_info\{name="penguins",version="[12]"\}/);
      expect(server.output()).toMatch(/"message":"model reloaded"/);
      server.child.kill('SIGTERM');
      await server.exit;
      // And the stored rows carry the version that answered each one
      const db = new DatabaseSync(path.join(servingDir, 'var/predictions.sqlite'), { readOnly: true });
      const rows = db.prepare('SELECT model_version AS v, count(*) AS n FROM predictions GROUP BY model_version').all();
      db.close();
      const byVersion = Object.fromEntries(rows.map((r) => [String(r.v), Number(r.n)]));
      expect(Object.keys(byVersion).sort()).toEqual(['1', '2', '3']);
      expect(Object.values(byVersion).reduce((a, b) => a + b, 0)).toBe(result.acked.size);
      expect(readFileSync(path.join(servingDir, 'var/predictions.sqlite')).length).toBeGreaterThan(0);
    } finally {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGKILL');
        await server.exit;
      }
    }
  }, 180_000);

  it('refuses a version whose bundle in the bucket does not match its manifest', async () => {
    // Given v2's weights overwritten in the bucket and no cached copy
    const { openBucket } = await import('../../src/lib/data/remote/object-bucket.js');
    const bucket = openBucket(REGISTRY, { what: 'test', env: s3.env });
    const files = await bucket.list('penguins/v2');
    const weights = files.find((f) => f.key.endsWith('.bin') || f.key.endsWith('weights.json'));
    if (!weights) throw new Error(`no weights among ${files.map((f) => f.key).join(', ')}`);
    await bucket.writeText(weights.key, 'tampered');
    bucket.close();
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'mlx-bucket-fresh-'));
    try {
      const { resolveModelRef } = await import('../../src/lib/tracking/refs.js');
      // Then resolving it fails with MLX_BUNDLE_CORRUPT and leaves nothing in the cache
      await expect(resolveModelRef(`${REGISTRY}/penguins@2`, { root: fresh, config })).rejects.toMatchObject({
        code: 'MLX_BUNDLE_CORRUPT',
      });
      expect(existsSync(path.join(fresh, '.mlx/cache/registry/mlx-models/team/registry/penguins/v2'))).toBe(false);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
