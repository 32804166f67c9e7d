import { mkdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/lib/config/load.js';
import { parseOverride } from '../../../src/lib/config/override-grammar.js';
import { forbiddenSegment, isSafeName } from '../../../src/lib/config/safe-names.js';
import { ConfigError, MlxError } from '../../../src/lib/errors.js';
import { makeProject } from '../../helpers/project.js';

const project = (files: Record<string, string> = {}) =>
  makeProject({
    'mlx.config.yaml': 'defaults:\n  - model: small\nseed: 7\n',
    'configs/model/small.yaml': 'hidden: [8]\n',
    'configs/env/prod.yaml': 'train:\n  epochs: 9\n',
    ...files,
  });

/** Object.prototype must never gain a property, whatever a config layer says. */
const clean = () => {
  const probe: Record<string, unknown> = {};
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect([probe.x, probe.polluted]).toEqual([undefined, undefined]);
};
afterEach(clean);

function refusal(fn: () => unknown, code: string): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(code);
    expect((error as ConfigError).exitCode).toBe(2);
    return error as ConfigError;
  }
  throw new Error(`expected ${code}`);
}

describe('hostile --set overrides', () => {
  it.each([
    '+__proto__.x=1',
    '++__proto__.polluted=1',
    '__proto__.x=1',
    '~__proto__',
    '+constructor.prototype.x=1',
    'train.constructor=1',
    '+train.prototype.x=1',
    'drift.columns.constructor.test=psi',
    'train.early_stopping={__proto__: {x: 1}}',
    'train.lr=[{constructor: 1}]',
  ])('%s is refused (MLX_CONFIG_OVERRIDE, exit 2) and pollutes nothing', (text) => {
    const dir = project();
    const error = refusal(() => resolveConfig({ cwd: dir, env: {}, overrides: [text] }), 'MLX_CONFIG_OVERRIDE');
    expect(error.message).toMatch(/'(__proto__|constructor|prototype)', which is not allowed/);
  });

  it.each(['model=../../../x', 'model=/etc/passwd', 'model=..', 'model=a/b', 'model=constructor'])(
    '%s cannot load YAML from outside configs/ (MLX_CONFIG_GROUP)',
    (text) => {
      const dir = project();
      mkdirSync(path.join(dir, 'configs', 'model', 'a'), { recursive: true });
      const error = refusal(() => resolveConfig({ cwd: dir, env: {}, overrides: [text] }), 'MLX_CONFIG_GROUP');
      expect(error.message).toMatch(/is not a valid name/);
    },
  );
});

describe('hostile environments and files', () => {
  it.each(['../../x', '/etc/passwd', '..', 'prod/../../x'])('MLX_ENV=%s is refused', (name) => {
    const dir = project();
    refusal(() => resolveConfig({ cwd: dir, env: { MLX_ENV: name } }), 'MLX_CONFIG_GROUP');
  });

  it('MLX_ENV=prod still selects configs/env/prod.yaml', () => {
    expect(resolveConfig({ cwd: project(), env: { MLX_ENV: 'prod' } }).config.train.epochs).toBe(9);
  });

  it.each([
    ['__proto__:\n  polluted: 1\n', /'__proto__' .*mlx.config.yaml/],
    ['train:\n  constructor:\n    x: 1\n', /'train.constructor' \(mlx.config.yaml\)/],
    ['defaults:\n  - ../../x: y\n', /Config group '..\/..\/x'/],
    ['defaults:\n  - model: ../../../etc/x\n', /model option '..\/..\/..\/etc\/x'/],
  ])('a config file with %j is refused, naming the file', (yaml, message) => {
    const dir = makeProject({ 'mlx.config.yaml': yaml });
    expect(() => resolveConfig({ cwd: dir, env: {} })).toThrow(message);
  });

  it('a group file with a forbidden key is refused, naming that file', () => {
    const dir = project({ 'configs/model/small.yaml': 'prototype:\n  x: 1\n' });
    expect(() => resolveConfig({ cwd: dir, env: {} })).toThrow(/'model.prototype' \(configs\/model\/small.yaml\)/);
  });

  it('a recursive YAML alias, or an alias bomb, is a config error naming the file (not a crash)', () => {
    for (const yaml of ['a: &a [*a]\n', 'a: &a\n  b: *a\n']) {
      const dir = makeProject({ 'mlx.config.yaml': yaml });
      const error = refusal(() => resolveConfig({ cwd: dir, env: {} }), 'MLX_CONFIG_FILE');
      expect(error.message).toMatch(/mlx.config.yaml: a recursive alias/);
    }
    const levels = ['l0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]'];
    for (let i = 1; i < 6; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = makeProject({ 'mlx.config.yaml': `${levels.join('\n')}\n` });
    const error = refusal(() => resolveConfig({ cwd: bomb, env: {} }), 'MLX_CONFIG_FILE');
    expect(error.message).toMatch(/mlx.config.yaml/);
  });

  it('--config pointing at a folder is a config error naming it', () => {
    const dir = project();
    const error = refusal(() => resolveConfig({ cwd: dir, configFile: dir, env: {} }), 'MLX_CONFIG_FILE');
    expect(error.message).toContain(dir);
  });
});

describe('names and keys', () => {
  it('group and env names are plain file names', () => {
    for (const ok of ['mlp', 'mlp_large', 'v1.2', 'prod-eu']) expect(isSafeName(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', '../x', 'constructor', 'x'.repeat(101)])
      expect(isSafeName(bad), bad).toBe(false);
    expect(forbiddenSegment('a.b.__proto__')).toBe('__proto__');
    expect(forbiddenSegment('train.lr')).toBeNull();
  });
});

describe('override grammar properties', () => {
  it('no input throws anything but a typed config error, and none reaches Object.prototype', () => {
    const pieces = fc.constantFrom(
      '+',
      '++',
      '~',
      '=',
      '.',
      ',',
      '[',
      ']',
      '{',
      '}',
      ':',
      "'",
      '"',
      '\\',
      '__proto__',
      'constructor',
      'prototype',
      'train',
      'lr',
      'range(',
      'choice(',
      ')',
      '1e5',
      'nan',
      'null',
      ' ',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseOverride(t);
        } catch (error) {
          expect(error).toBeInstanceOf(MlxError);
          expect((error as MlxError).exitCode).toBe(2);
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('resolving any override leaves a typed error or a valid config, never a polluted prototype', () => {
    const dir = project();
    const key = fc
      .array(fc.constantFrom('train', 'lr', '__proto__', 'constructor', 'prototype', 'serve', 'x', 'model'), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join('.'));
    const value = fc.constantFrom('1', '{x: 1}', '{__proto__: 1}', '[1]', 'null', "'a'");
    const prefix = fc.constantFrom('', '+', '++', '~');
    fc.assert(
      fc.property(prefix, key, value, (p, k, v) => {
        try {
          resolveConfig({ cwd: dir, env: {}, overrides: [`${p}${k}=${v}`] });
        } catch (error) {
          expect(error).toBeInstanceOf(MlxError);
          expect((error as MlxError).exitCode).toBe(2);
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
