import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataStatus, loadSplits, prepareData, transformTable } from '../../../src/lib/data/index.js';
import { MlxError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { TOY_CSV, tempDir, toyConfig } from './helpers.js';

const config = toyConfig({ na_values: ['', '.'], features: { bill: { type: 'numeric', min: 30, max: 60 } } });
const logger = silentLogger();

function project(csv = TOY_CSV): string {
  const root = tempDir();
  writeFileSync(path.join(root, 'raw.csv'), csv);
  return root;
}

function snapshot(root: string): Record<string, string> {
  const dir = path.join(root, 'data', 'processed');
  const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'base64')]));
  return { ...files, lock: readFileSync(path.join(root, 'data.lock'), 'utf8') };
}

describe('prepareData', () => {
  it('writes the splits, pipeline, schema, profile and a lock', async () => {
    const root = project();
    const result = await prepareData({ root, config, logger });
    expect(result.skipped).toBe(false);
    expect(result.rows).toEqual({
      raw: 60,
      dropped_missing_target: 0,
      duplicates_removed: 0,
      train: 42,
      val: 9,
      test: 9,
    });
    expect(result.outputs.map((o) => o.path)).toEqual([
      'data/processed/train.arrow',
      'data/processed/val.arrow',
      'data/processed/test.arrow',
      'data/processed/pipeline.json',
      'data/processed/schema.json',
      'data/processed/profile.json',
    ]);
    const schema = JSON.parse(readFileSync(path.join(root, 'data/processed/schema.json'), 'utf8'));
    expect(schema.target).toEqual({
      name: 'species',
      task: 'classification',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    expect(schema.features.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual([
      'island:categorical',
      'bill:numeric',
      'mass:numeric',
      'sex:categorical',
    ]);
  });

  it('is deterministic: two runs give byte-identical outputs and lock', async () => {
    const root = project();
    await prepareData({ root, config, logger });
    const first = snapshot(root);
    rmSync(path.join(root, 'data'), { recursive: true });
    await prepareData({ root, config, logger, force: true });
    expect(snapshot(root)).toEqual(first);
  });

  it('skips the work when nothing changed, and redoes it with force', async () => {
    const root = project();
    const first = await prepareData({ root, config, logger });
    const again = await prepareData({ root, config, logger });
    expect(again.skipped).toBe(true);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect((await prepareData({ root, config, logger, force: true })).skipped).toBe(false);
  });

  it('fails fast with exit 3 and the whole report on invalid data, writing nothing', async () => {
    const root = project(TOY_CSV.replace('Adelie,Biscoe,35.0', 'Adelie,Biscoe,999'));
    const error = await prepareData({ root, config, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).exitCode).toBe(3);
    expect((error as MlxError).message).toContain('bill [out_of_range] 1 value(s) above max 60');
    expect(readdirSync(root)).toEqual(['raw.csv']);
  });

  it('drops rows without a target and, with dedupe, duplicate rows', async () => {
    const lines = TOY_CSV.split('\n');
    const csv = [...lines, ',Dream,40,3000,MALE', lines[1], lines[1]].join('\n');
    const result = await prepareData({
      root: project(csv),
      config: toyConfig({ ...config.data, dedupe: true }),
      logger,
    });
    expect(result.rows).toMatchObject({ raw: 63, dropped_missing_target: 1, duplicates_removed: 2 });
    expect(result.rows.train + result.rows.val + result.rows.test).toBe(60);
  });
});

describe('dataStatus and loadSplits', () => {
  it('says what changed: a config key, the raw file, an output', async () => {
    const root = project();
    expect((await dataStatus({ root, config })).changes.map((c) => c.kind)).toEqual(['no_lock']);
    await prepareData({ root, config, logger });
    expect((await dataStatus({ root, config })).upToDate).toBe(true);
    const changed = toyConfig({ ...config.data, split: { train: 0.8, val: 0.1, test: 0.1 } });
    expect((await dataStatus({ root, config: changed })).changes.map((c) => c.message)).toEqual([
      'config data.split.test changed: 0.15 → 0.1',
      'config data.split.train changed: 0.7 → 0.8',
      'config data.split.val changed: 0.15 → 0.1',
    ]);
    writeFileSync(path.join(root, 'raw.csv'), `${TOY_CSV}\nAdelie,Dream,40,3000,MALE`);
    writeFileSync(path.join(root, 'data/processed/profile.json'), '{}');
    const status = await dataStatus({ root, config });
    expect(status.upToDate).toBe(false);
    expect(status.changes.map((c) => [c.kind, c.target])).toEqual([
      ['raw_changed', 'raw.csv'],
      ['output_changed', 'data/processed/profile.json'],
    ]);
  });

  it('loads the splits and pipeline that prepare wrote', async () => {
    const root = project();
    const prepared = await prepareData({ root, config, logger });
    const loaded = await loadSplits({ root, config });
    expect([loaded.train.numRows(), loaded.val.numRows(), loaded.test.numRows()]).toEqual([42, 9, 9]);
    expect(loaded.fingerprint).toBe(prepared.fingerprint);
    expect(loaded.task).toBe('classification');
    const x = transformTable(loaded.pipeline, loaded.train);
    expect(x.width).toBe(loaded.pipeline.width);
    expect(x.issues.filter((i) => i.kind !== 'missing')).toEqual([]);
  });

  it('refuses missing or stale prepared data with a hint', async () => {
    const root = project();
    await expect(loadSplits({ root, config })).rejects.toMatchObject({ code: 'MLX_DATA_NOT_PREPARED' });
    await prepareData({ root, config, logger });
    writeFileSync(path.join(root, 'raw.csv'), TOY_CSV.replace('MALE', 'FEMALE'));
    await expect(loadSplits({ root, config })).rejects.toMatchObject({
      code: 'MLX_DATA_STALE',
      exitCode: 3,
      hint: expect.stringContaining('mlx data prepare'),
    });
  });
});
