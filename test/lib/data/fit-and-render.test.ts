import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { byteProgress as ttyProgress } from '../../../src/cli/progress.js';
import { renderPrepare, renderStatus, renderSync } from '../../../src/cli/render/data.js';
import { datetimePart } from '../../../src/lib/data/datetime-parts.js';
import { dataStatus, prepareData, validateFile } from '../../../src/lib/data/index.js';
import { fitNumeric } from '../../../src/lib/data/pipeline/fit-numeric.js';
import { resolveTask } from '../../../src/lib/data/schema/build-schema.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { makeConfig, TOY_CSV, tempDir, toyConfig } from './helpers.js';

describe('fitNumeric', () => {
  const values = Float64Array.from([1, 2, Number.NaN, 7]);
  const fitWith = (numeric: Record<string, unknown>) =>
    fitNumeric(values, makeConfig({ preprocess: { numeric } }).preprocess.numeric);

  it('imputes by median, mean or a constant; scales standard, minmax or not at all', () => {
    expect(fitWith({ impute: 'median', scale: 'none' })).toEqual({ impute: 2, center: 0, scale: 1 });
    expect(fitWith({ impute: 'mean', scale: 'minmax' })).toEqual({ impute: 10 / 3, center: 1, scale: 6 });
    expect(fitWith({ impute: 'constant', fill_value: -1, scale: 'minmax' })).toEqual({
      impute: -1,
      center: -1,
      scale: 8,
    });
    expect(fitWith({ impute: 'median', scale: 'standard' }).center).toBe(3);
  });

  it('falls back to fill_value and scale 1 for an all-missing or constant column', () => {
    const cfg = makeConfig().preprocess.numeric;
    expect(fitNumeric(Float64Array.from([Number.NaN, Number.NaN]), cfg)).toEqual({ impute: 0, center: 0, scale: 1 });
    expect(fitNumeric(Float64Array.from([5, 5]), cfg)).toEqual({ impute: 5, center: 5, scale: 1 });
  });
});

describe('datetimePart', () => {
  it('derives UTC parts (Monday = 0)', () => {
    const ms = Date.UTC(2024, 1, 29, 13); // a Thursday
    expect(
      ['year', 'month', 'day', 'dayofweek', 'hour', 'epoch_days'].map((p) => datetimePart(ms, p as never)),
    ).toEqual([2024, 2, 29, 3, 13, 19782]);
    expect(datetimePart(Number.NaN, 'year')).toBeNaN();
  });
});

describe('resolveTask', () => {
  it('uses data.task, else infers from the target values', () => {
    const cfg = (task: string) => makeConfig({ data: { target: 'y', task } });
    expect(resolveTask(table({ y: Float64Array.from([1.5, 2]) }), cfg('auto'))).toBe('regression');
    expect(resolveTask(table({ y: Float64Array.from([0, 1, 1]) }), cfg('auto'))).toBe('classification');
    expect(resolveTask(table({ y: ['a', 'b'] }), cfg('auto'))).toBe('classification');
    expect(resolveTask(table({ y: Float64Array.from([0, 1]) }), cfg('regression'))).toBe('regression');
  });
});

describe('validateFile and the renderers', () => {
  it('checks data.source against the config, and a new batch against schema.json', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'raw.csv'), TOY_CSV);
    const config = toyConfig({ na_values: ['', '.'] });
    const source = await validateFile({ root, config });
    expect(source.report.valid).toBe(true);
    expect(source.against).toContain('the config');
    const prepared = await prepareData({ root, config, logger: silentLogger() });
    expect(renderPrepare(prepared)).toContain('split: train 42 · val 9 · test 9  (classification)');
    expect(renderStatus(await dataStatus({ root, config }))).toMatch(/^Data is up to date/);
    writeFileSync(
      path.join(root, 'batch.csv'),
      'island,bill,mass,sex,note\nDream,40,3000,MALE,hi\nAtlantis,41,3100,FEMALE,x\n',
    );
    const batch = await validateFile({ root, config, file: path.join(root, 'batch.csv') });
    expect(batch.against).toBe('data/processed/schema.json');
    // A two-row batch is fine (min_rows is for training data); an unknown column, and a category
    // outside the ones training saw (a soft limit: nobody declared the column), are warnings.
    expect(batch.report.violations.map((v) => `${v.column}:${v.rule}:${v.severity}`)).toEqual([
      'island:not_allowed:warning',
      'note:unexpected_column:warning',
    ]);
    expect(batch.report.violations[0]?.examples).toEqual([{ row: 2, value: 'Atlantis' }]);
    expect(batch.report.violations[0]?.message).toContain('not in the categories seen in training');
    expect(batch.report.valid).toBe(true);
  });

  it('renders sync results and stale status', () => {
    const sync = { remote: '/store', transferred: ['a'], skipped: ['b'], restored: ['a'], bytes: 1 };
    expect(renderSync('pull', sync)).toBe('/store: 1 downloaded, 1 already there\n  downloaded a\n  restored a');
    const stale = renderStatus({
      upToDate: false,
      lockFile: 'data.lock',
      lock: null,
      changes: [{ kind: 'no_lock', target: 'data.lock', message: 'data.lock does not exist' }],
    });
    expect(stale).toBe('Data is stale — run `mlx data prepare`:\n  - data.lock does not exist');
  });

  it('draws progress only on a TTY', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const progress = ttyProgress(stream, 'reading');
    progress(50, 100);
    progress(50, 100);
    progress.end();
    expect(written).toEqual([`\rreading [${'#'.repeat(15)}${'.'.repeat(15)}] 50%`, '\r\x1b[K']);
    const quiet = ttyProgress(
      { isTTY: false, write: () => expect.fail('wrote') } as unknown as NodeJS.WriteStream,
      'x',
    );
    quiet(1, 2);
    quiet.end();
  });
});
