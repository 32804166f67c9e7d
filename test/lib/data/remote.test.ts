import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataStatus, openRemote, prepareData, pullData, pushData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { TOY_CSV, tempDir, toyConfig } from './helpers.js';

async function preparedProject(remote: string) {
  const root = tempDir();
  writeFileSync(path.join(root, 'raw.csv'), TOY_CSV);
  const config = toyConfig({ na_values: ['', '.'], remote });
  await prepareData({ root, config, logger: silentLogger() });
  return { root, config };
}

describe('push / pull', () => {
  it('restores exact raw and processed data in a fresh clone that has only data.lock', async () => {
    const store = tempDir();
    const { root, config } = await preparedProject(store);
    const pushed = await pushData({ root, config });
    expect(pushed.transferred).toHaveLength(7);
    expect((await pushData({ root, config })).skipped).toHaveLength(7);
    const clone = tempDir();
    cpSync(path.join(root, 'data.lock'), path.join(clone, 'data.lock'));
    const pulled = await pullData({
      root: clone,
      config: { ...config, data: { ...config.data, remote: pathToFileURL(store).href } },
    });
    expect(pulled.transferred).toHaveLength(7);
    expect(readFileSync(path.join(clone, 'raw.csv'), 'utf8')).toBe(TOY_CSV);
    expect((await dataStatus({ root: clone, config })).upToDate).toBe(true);
    expect(existsSync(path.join(clone, '.mlx/cache'))).toBe(true);
  });

  it('refuses a corrupted remote object, verifying sha256 on pull', async () => {
    const store = tempDir();
    const { root, config } = await preparedProject(store);
    await pushData({ root, config });
    for (const sub of readdirSync(store)) {
      for (const f of readdirSync(path.join(store, sub))) writeFileSync(path.join(store, sub, f), 'tampered');
    }
    const clone = tempDir();
    cpSync(path.join(root, 'data.lock'), path.join(clone, 'data.lock'));
    await expect(pullData({ root: clone, config })).rejects.toMatchObject({ code: 'MLX_DATA_CHECKSUM' });
  });

  it('says what is missing: no remote, an unknown scheme, an object never pushed', async () => {
    expect(() => openRemote(null, '/')).toThrow(/No data remote configured/);
    expect(() => openRemote('ftp://host/x', '/')).toThrow(/no ftp:\/\/ backend/);
    // s3:// and gs:// are backends now (test/lib/data/remote-s3.test.ts runs them against a real server).
    expect(openRemote('s3://bucket/x', '/').url).toBe('s3://bucket/x');
    expect(openRemote('gs://bucket/team/data/', '/').url).toBe('gs://bucket/team/data');
    const store = tempDir();
    const { root, config } = await preparedProject(store);
    rmSync(path.join(root, 'raw.csv'));
    await expect(pullData({ root, config })).rejects.toMatchObject({ code: 'MLX_DATA_NOT_IN_REMOTE' });
    await expect(pushData({ root, config })).rejects.toMatchObject({ code: 'MLX_DATA_STALE_FILE' });
  });
});
