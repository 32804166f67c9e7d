import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MlxError } from '../../../src/lib/errors.js';
import {
  readRegistry,
  registerVersion,
  removeAlias,
  resolveVersion,
  setAlias,
  versionDir,
} from '../../../src/lib/tracking/registry.js';

let root: string;
let models: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-names-'));
  models = path.join(root, 'models');
  const bundle = path.join(root, 'b1');
  mkdirSync(bundle, { recursive: true });
  writeFileSync(path.join(bundle, 'MANIFEST.sha256'), '');
  registerVersion(models, 'm', bundle, {
    version: 1,
    runId: 'run1',
    createdAt: '2026-01-01T00:00:00Z',
    metrics: {},
    dataFingerprint: 'f',
    configHash: 'c',
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const codeOf = (fn: () => unknown) => {
  try {
    fn();
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
    (alias) => {
      const before = readFileSync(path.join(models, 'm', 'registry.json'), 'utf8');
      expect(codeOf(() => setAlias(models, 'm', alias, 1))).toBe('MLX_USAGE_ALIAS');
      expect(codeOf(() => removeAlias(models, 'm', alias))).toBe('MLX_USAGE_ALIAS');
      expect(readFileSync(path.join(models, 'm', 'registry.json'), 'utf8')).toBe(before);
    },
  );

  it('an alias named like an Object method resolves to nothing', () => {
    const registry = readRegistry(models, 'm');
    expect(codeOf(() => resolveVersion(registry, 'constructor'))).toBe('MLX_MODEL_NOT_FOUND');
    expect(codeOf(() => resolveVersion(registry, 'toString'))).toBe('MLX_MODEL_NOT_FOUND');
    expect(codeOf(() => removeAlias(models, 'm', 'tostring'))).toBe('MLX_MODEL_NOT_FOUND');
  });

  it('valid aliases still move', () => {
    expect(setAlias(models, 'm', 'production', 1)).toBeNull();
    expect(removeAlias(models, 'm', 'production')).toBe(1);
  });
});

describe('model names used in paths', () => {
  it.each(['../../x', '/etc', 'a/b', '..', 'M', ''])('%j cannot reach outside the models folder', (name) => {
    expect(codeOf(() => readRegistry(models, name))).toBe('MLX_USAGE');
    expect(codeOf(() => versionDir(models, name, 1))).toBe('MLX_USAGE');
    expect(codeOf(() => removeAlias(models, name, 'production'))).toBe('MLX_USAGE');
    expect(existsSync(path.join(root, 'x'))).toBe(false);
  });
});
