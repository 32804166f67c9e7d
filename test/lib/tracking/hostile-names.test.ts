import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MlxError } from '../../../src/lib/errors.js';
import {
  listRegistries,
  readRegistry,
  registerVersion,
  removeAlias,
  resolveVersion,
  setAlias,
  versionDir,
} from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';

let root: string;
let models: string;
let store: FolderRegistryStore;
beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-names-'));
  models = path.join(root, 'models');
  store = new FolderRegistryStore(models);
  const bundle = path.join(root, 'b1');
  mkdirSync(bundle, { recursive: true });
  writeFileSync(path.join(bundle, 'MANIFEST.sha256'), '');
  await registerVersion(store, 'm', bundle, {
    version: 1,
    runId: 'run1',
    createdAt: '2026-01-01T00:00:00Z',
    metrics: {},
    dataFingerprint: 'f',
    configHash: 'c',
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The code of the MlxError (exit 2) that `fn` throws or rejects with; null when it succeeds. */
const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).exitCode).toBe(2);
    return (error as MlxError).code;
  }
  return null;
};

describe('alias names (models promote -a / models unalias -a)', () => {
  it.each(['constructor', 'prototype', '__proto__', 'latest', 'Prod', '../x', `a${'b'.repeat(63)}`, ''])(
    '%j is refused by promote and unalias, and the registry is unchanged',
    async (alias) => {
      const before = readFileSync(path.join(models, 'm', 'registry.json'), 'utf8');
      expect(await codeOf(() => setAlias(store, 'm', alias, 1))).toBe('MLX_USAGE_ALIAS');
      expect(await codeOf(() => removeAlias(store, 'm', alias))).toBe('MLX_USAGE_ALIAS');
      expect(readFileSync(path.join(models, 'm', 'registry.json'), 'utf8')).toBe(before);
    },
  );

  it('an alias named like an Object method resolves to nothing', async () => {
    const registry = await readRegistry(store, 'm');
    expect(await codeOf(() => resolveVersion(registry, 'constructor'))).toBe('MLX_MODEL_NOT_FOUND');
    expect(await codeOf(() => resolveVersion(registry, 'toString'))).toBe('MLX_MODEL_NOT_FOUND');
    expect(await codeOf(() => removeAlias(store, 'm', 'tostring'))).toBe('MLX_MODEL_NOT_FOUND');
  });

  it('a hand-written registry without aliases still reads, and has none', async () => {
    const file = path.join(models, 'm', 'registry.json');
    const { aliases: _dropped, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(rest));
    const registry = await readRegistry(store, 'm');
    expect(registry.aliases).toEqual({});
    expect(await codeOf(() => resolveVersion(registry, 'valueOf'))).toBe('MLX_MODEL_NOT_FOUND');
  });

  it('valid aliases still move', async () => {
    expect(await setAlias(store, 'm', 'production', 1)).toBeNull();
    expect(await removeAlias(store, 'm', 'production')).toBe(1);
  });
});

describe('model names used in paths', () => {
  it.each(['../../x', '/etc', 'a/b', '..', 'M', ''])('%j cannot reach outside the models folder', async (name) => {
    const bundle = path.join(root, 'b1');
    const entry = { version: 1, runId: 'r', createdAt: '', metrics: {}, dataFingerprint: '', configHash: '' };
    expect(await codeOf(() => readRegistry(store, name))).toBe('MLX_USAGE');
    expect(await codeOf(() => versionDir(models, name, 1))).toBe('MLX_USAGE');
    expect(await codeOf(() => removeAlias(store, name, 'production'))).toBe('MLX_USAGE');
    expect(await codeOf(() => registerVersion(store, name, bundle, entry))).toBe('MLX_USAGE');
    expect(existsSync(path.join(root, 'x'))).toBe(false);
    expect(existsSync(path.join(root, 'a'))).toBe(false);
  });

  it('a folder under models/ that is not a model name is not listed', async () => {
    mkdirSync(path.join(models, 'Not A Model'), { recursive: true });
    writeFileSync(path.join(models, 'Not A Model', 'registry.json'), '{"name":"x","versions":[],"aliases":{}}');
    expect((await listRegistries(store)).map((r) => r.name)).toEqual(['m']);
  });
});
