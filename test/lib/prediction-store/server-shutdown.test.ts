// startServer's shutdown with the store (src/lib/serving/server.ts): within serve.shutdown_timeout, rows it
// cannot commit (another process holds the SQLite lock) go to the spill file; if even that fails, shutdown
// and `closed` reject with MLX_STORE_SPILL (exit 2) — and nothing is an unhandled rejection.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { ServeConfig } from '../../../src/lib/config/sections/serve.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { startServer } from '../../../src/lib/serving/server.js';
import { postPredict } from '../../helpers/http.js';
import { createTestPredictor, goodInstance } from '../serving/helpers.js';
import { readSqliteStore } from './helpers.js';
import { holdSqliteLock } from './lock.js';

describe('server shutdown with the prediction store', () => {
  let dir: string;
  const agent = new http.Agent({ keepAlive: false });
  const config = (over: Partial<ServeConfig>): ServeConfig => ({
    ...defaultConfig().serve,
    port: 0,
    access_log: false,
    store_path: 'var/p.sqlite',
    shutdown_timeout: 0.8,
    ...over,
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-shutdown-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('spills the rows it cannot commit by the deadline; the next start ingests them', async () => {
    const serve = config({});
    const server = await startServer({
      config: serve,
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    const file = path.join(dir, 'var', 'p.sqlite');
    const lock = await holdSqliteLock(file, 3000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postPredict(server.url, { instances: [goodInstance] }, agent)),
    );
    const ids = answers.flatMap((a) => ('status' in a && a.status === 200 ? [String(a.body.request_id)] : []));
    expect(ids).toHaveLength(10);
    const summary = await server.shutdown('test');
    expect(summary).toMatchObject({ spilledRows: 10, storedRows: 0 });
    expect(existsSync(summary.spillFile ?? '')).toBe(true);
    await expect(server.closed).resolves.toEqual(summary);
    await lock.released;

    const next = await startServer({
      config: serve,
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
    });
    expect(next.store?.stats().ingested).toBe(10);
    await next.shutdown('test');
    expect((await readSqliteStore(file)).map((r) => r.requestId).sort()).toEqual(ids.sort());
  }, 20_000);

  it('rejects shutdown and closed with MLX_STORE_SPILL when the spill file cannot be written', async () => {
    writeFileSync(path.join(dir, 'not-a-folder'), '');
    const serve = config({ store_spill_dir: 'not-a-folder/spill' });
    const controller = new AbortController();
    const server = await startServer({
      config: serve,
      root: dir,
      logger: silentLogger(),
      loadPredictor: createTestPredictor,
      signal: controller.signal,
    });
    const lock = await holdSqliteLock(path.join(dir, 'var', 'p.sqlite'), 3000);
    const a = await postPredict(server.url, { instances: [goodInstance, goodInstance] }, agent);
    expect('status' in a && a.status).toBe(200);
    // The CLI's path: the first signal aborts; nobody awaits the shutdown promise itself.
    controller.abort('SIGTERM');
    const failure = await server.closed.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'MLX_STORE_SPILL', exitCode: 2 });
    expect(String((failure as Error).message)).toMatch(/2 prediction rows could not be written/);
    await lock.released;
  }, 20_000);
});
