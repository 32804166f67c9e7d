import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import type { RunningServer } from '../../../src/lib/serving/index.js';
import { promoteModel } from '../../../src/lib/tracking/models.js';
import { serveModel } from '../../../src/lib/workflows/serve.js';
import { trainModel } from '../../../src/lib/workflows/train-run.js';
import { copyProject } from '../../helpers/project.js';

const logger = silentLogger();
let root: string;
let config: MlxConfig;

beforeAll(async () => {
  root = copyProject('mlx-serve-reload-');
  ({ config } = await resolveConfig({
    cwd: root,
    env: {},
    overrides: ['train.epochs=3', 'train.backend=wasm', 'serve.store=none', 'serve.access_log=false'],
  }));
  await prepareData({ root, config, logger });
  for (const lr of [0.01, 0.02, 0.03])
    await trainModel({ root, config: { ...config, train: { ...config.train, lr } }, logger });
  await promoteModel({ root, config }, 'penguins@1', 'production');
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** serveModel in process on a free port; resolves with the running server and a stop function. */
async function serve(serveConfig: Partial<MlxConfig['serve']>, modelRef: string) {
  const controller = new AbortController();
  let ready: (s: RunningServer) => void = () => {};
  const started = new Promise<RunningServer>((resolve) => {
    ready = resolve;
  });
  const done = serveModel({
    config: { ...config, serve: { ...config.serve, ...serveConfig } },
    root,
    logger,
    modelRef,
    port: 0,
    signal: controller.signal,
    onReady: ready,
  });
  const server = await Promise.race([started, done.then(() => Promise.reject(new Error('stopped early')))]);
  const stop = async () => {
    controller.abort('test');
    await done;
  };
  return { server, stop };
}

async function servedVersion(url: string): Promise<string> {
  return ((await (await fetch(`${url}/v1/model`)).json()) as { version: string }).version;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mlx serve following a folder registry', () => {
  it('reloads when the alias moves, and ends a canary when it is promoted', async () => {
    // Given production → v1 with v3 as a canary, checked every 0.2 s
    const { server, stop } = await serve(
      { reload_interval: 0.2, canary: { model: 'penguins@3', weight: 0.5 } },
      'penguins@production',
    );
    try {
      expect(await servedVersion(server.url)).toBe('1');
      // When production moves to v2: v2 is served, the canary (v3) stays
      await promoteModel({ root, config }, 'penguins@2', 'production');
      await until(async () => (await servedVersion(server.url)) === '2', 10_000);
      const metrics = async () =>
        (await (await fetch(`${server.url}/metrics`)).text()).match(/mlx_model_info\{[^}]*\}/g)?.sort();
      expect(await metrics()).toEqual([
        'mlx_model_info{name="penguins",version="2"}',
        'mlx_model_info{name="penguins",version="3"}',
      ]);
      // When the canary's version is promoted: it serves everything, alone
      await promoteModel({ root, config }, 'penguins@3', 'production');
      await until(async () => (await servedVersion(server.url)) === '3', 10_000);
      expect(await metrics()).toEqual(['mlx_model_info{name="penguins",version="3"}']);
    } finally {
      await stop();
    }
  }, 60_000);

  it('serves `latest` (the newest registered version) through the registry', async () => {
    const { server, stop } = await serve({ reload_interval: 0.2 }, 'latest');
    try {
      expect(await servedVersion(server.url)).toBe('3');
    } finally {
      await stop();
    }
  }, 30_000);
});
