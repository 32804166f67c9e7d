import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import { unaliasModel } from '../../../src/lib/tracking/models.js';
import {
  previousTarget,
  readRegistry,
  registerVersion,
  removeAlias,
  setAlias,
} from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';

let root: string;
let models: FolderRegistryStore;
beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-aliases-'));
  models = new FolderRegistryStore(path.join(root, 'models'));
  for (const version of [1, 2, 3]) {
    const bundle = path.join(root, `b${version}`);
    mkdirSync(bundle, { recursive: true });
    writeFileSync(path.join(bundle, 'MANIFEST.sha256'), '');
    await registerVersion(models, 'm', bundle, {
      version,
      runId: `run${version}`,
      createdAt: '2026-01-01T00:00:00Z',
      metrics: {},
      dataFingerprint: 'f',
      configHash: 'c',
    });
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('alias history (promote / unalias)', () => {
  it('records every move, so the previous target of an alias is known', async () => {
    await setAlias(models, 'm', 'production', 1);
    await setAlias(models, 'm', 'staging', 3);
    await setAlias(models, 'm', 'production', 2);
    const registry = await readRegistry(models, 'm');
    expect(registry.aliasHistory?.map(({ alias, from, to }) => ({ alias, from, to }))).toEqual([
      { alias: 'production', from: null, to: 1 },
      { alias: 'staging', from: null, to: 3 },
      { alias: 'production', from: 1, to: 2 },
    ]);
    expect(previousTarget(registry, 'production')).toBe(1);
    expect(previousTarget(registry, 'staging')).toBeNull();
  });

  it('removes an alias and keeps the versions; unknown aliases and models are errors with a hint', async () => {
    await setAlias(models, 'm', 'staging', 3);
    expect(await removeAlias(models, 'm', 'staging')).toBe(3);
    const registry = await readRegistry(models, 'm');
    expect(registry.aliases).toEqual({});
    expect(registry.versions).toHaveLength(3);
    expect(registry.aliasHistory?.at(-1)).toMatchObject({ alias: 'staging', from: 3, to: null });
    await expect(removeAlias(models, 'm', 'staging')).rejects.toThrow(/'m@staging' is not an alias/);
    await expect(removeAlias(models, 'nope', 'staging')).rejects.toThrow(/no model 'nope'/);
  });

  it('reads registries written before the history existed (no aliasHistory = none)', async () => {
    const file = path.join(models.dir, 'm', 'registry.json');
    const old = { ...(await readRegistry(models, 'm')), aliases: { production: 2 } };
    delete old.aliasHistory;
    writeFileSync(file, JSON.stringify(old));
    expect(previousTarget(await readRegistry(models, 'm'), 'production')).toBeNull();
    await setAlias(models, 'm', 'production', 3);
    expect(previousTarget(await readRegistry(models, 'm'), 'production')).toBe(2);
  });

  it('unaliasModel works through the project paths (what `mlx models unalias` calls)', async () => {
    await setAlias(models, 'm', 'production', 2);
    const config = defaultConfig();
    expect(await unaliasModel({ root, config }, 'm', 'production')).toEqual({
      name: 'm',
      alias: 'production',
      previous: 2,
    });
  });
});
