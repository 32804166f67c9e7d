import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { duplicateRows } from '../../../src/lib/data/duplicates.js';
import { inferSchema, writeFeaturesToConfig } from '../../../src/lib/data/index.js';
import { TOY_CSV, tempDir, tempFile, toyConfig } from './helpers.js';

describe('inferSchema', () => {
  it('infers types, ranges, categories and max_missing, without the target', async () => {
    const result = await inferSchema(tempFile('raw.csv', TOY_CSV), toyConfig({ na_values: ['', '.'] }));
    expect(Object.keys(result.features)).toEqual(['island', 'bill', 'mass', 'sex']);
    expect(result.features.island).toEqual({
      type: 'categorical',
      required: true,
      max_missing: 0,
      limits: 'soft',
      allowed: ['Biscoe', 'Dream', 'Torgersen'],
    });
    // Missing in the file ⇒ optional; the observed range is a soft limit.
    expect(result.features.bill).toMatchObject({
      type: 'numeric',
      required: false,
      min: 35,
      max: 57,
      max_missing: 0.14,
      limits: 'soft',
    });
    expect(result.target).toMatchObject({ name: 'species', task: 'classification', missing: 0 });
    expect(YAML.parse(result.yaml).data.features.bill.limits).toBe('soft');
    expect(YAML.parse(result.yaml).data.features.mass.type).toBe('numeric');
  });

  it('writes data.features into a YAML config, keeping its comments', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mlx.config.yaml');
    writeFileSync(file, '# my project\ndata:\n  target: species # the label\n');
    await writeFeaturesToConfig(file, { x: { type: 'numeric', required: true, max_missing: 0 } });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my project');
    expect(text).toContain('# the label');
    expect(YAML.parse(text).data.features.x.type).toBe('numeric');
  });
});

describe('duplicateRows', () => {
  it('finds exact repeats (NaN and null alike), never rows that merely share a hash', async () => {
    const { table } = await import('arquero');
    const t = table({
      a: Float64Array.from([1, 2, 1, Number.NaN, Number.NaN, 1]),
      b: ['x', 'y', 'x', null, null, 'z'],
    });
    expect(duplicateRows(t)).toEqual([2, 4]);
  });
});
