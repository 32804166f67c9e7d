import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWorkflowText } from '../../../scripts/ci/validate-workflows.js';
import { renderInit } from '../../../src/cli/render/init.js';
import { resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { initProject } from '../../../src/lib/workflows/init.js';
import { makeProject } from '../../helpers/project.js';

/** 40 rows: a numeric feature with gaps, a categorical, a boolean, and the label last. */
const CSV = [
  'size,colour,fresh,label',
  ...Array.from({ length: 40 }, (_, i) => {
    const size = i % 9 === 4 ? '' : String(10 + (i % 11) + i / 100);
    const colour = ['red', 'green', 'blue'][i % 3];
    return `${size},${colour},${i % 2 === 0 ? 'true' : 'false'},${i % 4 === 0 ? 'big' : 'small'}`;
  }),
].join('\n');

describe('initProject (mlx init)', () => {
  it('Given a CSV outside the folder, it writes a project whose config loads and whose data prepares', async () => {
    const outside = makeProject({ 'exports/fruit.csv': CSV });
    const dir = path.join(makeProject({}), 'Fruit Model');
    const result = await initProject({ dir, data: path.join(outside, 'exports/fruit.csv') });

    // The target is the last column; the data is copied in; the name comes from the folder.
    expect(result).toMatchObject({
      model: 'fruit-model',
      target: 'label',
      targetFrom: 'last column',
      task: 'classification',
      rows: 40,
      features: 3,
      optional: ['size'],
      source: 'data/raw/fruit.csv',
      gate: { metric: 'accuracy', value: 0.75 },
    });
    expect(result.files.map((f) => `${f.path}:${f.action}`)).toEqual([
      'mlx.config.yaml:written',
      'configs/model/mlp.yaml:written',
      'configs/model/linear.yaml:written',
      'configs/model/gbdt.yaml:written',
      '.gitignore:written',
      'package.json:written',
      '.github/workflows/mlx.yml:written',
      'Dockerfile:written',
      '.dockerignore:written',
      'README.md:written',
      'data/raw/fruit.csv:copied',
    ]);
    expect(readFileSync(path.join(dir, 'data/raw/fruit.csv'), 'utf8')).toBe(CSV);

    // The config resolves (defaults list, groups without names), with the inferred contract.
    const { config } = resolveConfig({ cwd: dir, env: {} });
    expect(config.model).toMatchObject({ name: 'fruit-model', type: 'mlp', hidden: [32], l2: 'auto' });
    expect(config.data.features.size).toMatchObject({ type: 'numeric', required: false, limits: 'soft', min: 10 });
    expect(config.data.features.colour).toMatchObject({ required: true, allowed: ['blue', 'green', 'red'] });
    expect(config.data.features.fresh?.type).toBe('boolean');
    expect(config.evaluate.fail_under).toEqual({ accuracy: 0.75 });
    const linear = resolveConfig({ cwd: dir, env: {}, overrides: ['model=linear'] }).config.model;
    expect(linear).toMatchObject({ name: 'fruit-model', type: 'linear' });
    const gbdt = resolveConfig({ cwd: dir, env: {}, overrides: ['model=gbdt'] }).config.model;
    expect(gbdt).toMatchObject({ name: 'fruit-model', type: 'gbdt', learning_rate: 0.1, max_iter: 100 });
    const prepared = await prepareData({ root: dir, config, logger: silentLogger() });
    expect(prepared.rows.raw).toBe(40);

    // package.json has the package that provides `mlx` as a devDependency; the README shows a request.
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const own = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ [own.name]: `^${own.version}` });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('{"size":10,"colour":"red","fresh":true}');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('data/processed/');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/RUN npx mlx pipeline[\s\S]*USER node/);
    expect(renderInit(result, path.dirname(dir))).toContain('cd Fruit Model');
  });

  it('writes a GitHub workflow that both workflow validators accept: pipeline on push, drift on schedule', async () => {
    const dir = makeProject({ 'data.csv': CSV });
    await initProject({ dir, data: path.join(dir, 'data.csv'), target: 'label' });
    const text = readFileSync(path.join(dir, '.github/workflows/mlx.yml'), 'utf8');
    expect(await validateWorkflowText('mlx.yml', text)).toEqual([]);
    const workflow = parse(text);
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request', 'schedule', 'workflow_dispatch']);
    expect(JSON.stringify(workflow.jobs.pipeline.steps)).toContain('npx mlx pipeline');
    expect(JSON.stringify(workflow.jobs.drift.steps)).toContain('npx mlx drift --current');
  });

  it('refers to data inside the folder by its path; regression gets an R² gate', async () => {
    const rows = ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i},${(i * 1.7).toFixed(2)}`)].join('\n');
    const dir = makeProject({ 'data/houses.csv': rows });
    const result = await initProject({ dir, data: path.join(dir, 'data/houses.csv'), target: 'y' });
    expect(result).toMatchObject({ source: 'data/houses.csv', task: 'regression', gate: { metric: 'r2', value: 0 } });
    expect(result.files.some((f) => f.action === 'copied')).toBe(false);
  });

  it('never overwrites without force (nothing is written), keeps an existing package.json even with it', async () => {
    const dir = makeProject({ 'data.csv': CSV, 'README.md': '# mine\n', 'package.json': '{"name":"mine"}\n' });
    const data = path.join(dir, 'data.csv');
    await expect(initProject({ dir, data })).rejects.toMatchObject({
      code: 'MLX_USAGE',
      message: expect.stringContaining('would overwrite README.md'),
    });
    expect(existsSync(path.join(dir, 'mlx.config.yaml'))).toBe(false);
    const forced = await initProject({ dir, data, force: true });
    expect(forced.files.find((f) => f.path === 'README.md')?.action).toBe('overwritten');
    expect(forced.files.find((f) => f.path === 'package.json')?.action).toBe('kept');
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
    expect(forced.next[0]).toMatch(/^npm install --save-dev /);
  });

  it('a target that is not a column lists the columns and suggests the case-insensitive match', async () => {
    const dir = makeProject({ 'data.csv': CSV });
    const failure = initProject({ dir, data: path.join(dir, 'data.csv'), target: 'Label' });
    await expect(failure).rejects.toMatchObject({ code: 'MLX_USAGE', exitCode: 2 });
    await expect(failure).rejects.toThrow("Did you mean 'label'? Columns: size, colour, fresh, label.");
    await expect(initProject({ dir, data: path.join(dir, 'data.csv'), name: 'Bad Name' })).rejects.toThrow(
      /not a valid model name/,
    );
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'x'), '');
    expect(existsSync(path.join(dir, 'mlx.config.yaml'))).toBe(false);
  });
});
