import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { ColumnSource, InputSchema, ModelOutputs, Predictor, Row } from '../../../src/lib/contracts.js';
import { DictionaryColumn } from '../../../src/lib/data/index.js';
import { columnsSource } from '../../../src/lib/drift/compute.js';
import { modelColumnsOf, predictOutputColumn, readDriftFile } from '../../../src/lib/workflows/drift-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'size', type: 'numeric', required: true, min: null, max: null, allowed: null },
    { name: 'colour', type: 'categorical', required: true, min: null, max: null, allowed: null },
  ],
  target: { name: 'label', task: 'classification', classes: ['small', 'big'] },
};

describe('readDriftFile', () => {
  it('ingests CSV and NDJSON to typed columns: only the asked columns, numbers as Float64Array, text coded', async () => {
    // Given the same rows as CSV and as NDJSON, with a column the model does not use
    const rows = Array.from({ length: 50 }, (_, i) => ({ size: i / 2, colour: i % 3 ? 'red' : 'blue', note: `n${i}` }));
    writeFileSync(
      path.join(dir, 'a.csv'),
      `size,colour,note\n${rows.map((r) => `${r.size},${r.colour},${r.note}`).join('\n')}\n`,
    );
    writeFileSync(path.join(dir, 'a.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const options = { columns: ['size', 'colour'], types: { size: 'numeric', colour: 'categorical' } as const };
    for (const file of ['a.csv', 'a.ndjson']) {
      // When it is read with a model's features and types
      const read = await readDriftFile(path.join(dir, file), defaultConfig(), options);
      // Then the columns are the ingest's typed buffers, and the other column is not read
      expect(read.source.rows).toBe(50);
      const size = read.source.column('size');
      const colour = read.source.column('colour');
      expect(size).toBeInstanceOf(Float64Array);
      expect(Array.from(size as Float64Array)).toEqual(rows.map((r) => r.size));
      expect(colour).toBeInstanceOf(DictionaryColumn);
      expect((colour as DictionaryColumn).toArray()).toEqual(rows.map((r) => r.colour));
      expect(read.source.column('note')).toBeUndefined();
    }
  });

  it("reads a model's features with its types, datetime features as text", async () => {
    // Given a schema with a datetime feature and a file with ISO times
    const features = [
      ...schema.features,
      { name: 'seen', type: 'datetime' as const, required: true, min: null, max: null, allowed: null },
    ];
    const options = modelColumnsOf({ features });
    expect(options).toEqual({
      columns: ['size', 'colour', 'seen'],
      types: { size: 'numeric', colour: 'categorical' },
    });
    writeFileSync(
      path.join(dir, 't.csv'),
      'size,colour,seen\n1,red,2026-01-02T03:04:05.000Z\n2,blue,2026-01-03T03:04:05.000Z\n',
    );
    // When it is read for that model
    const read = await readDriftFile(path.join(dir, 't.csv'), defaultConfig(), options);
    // Then the times stay the text the bundle's reference sample holds (not epoch numbers)
    const seen = read.source.column('seen');
    expect(seen instanceof DictionaryColumn ? seen.toArray() : Array.from(seen as ArrayLike<unknown>)).toEqual([
      '2026-01-02T03:04:05.000Z',
      '2026-01-03T03:04:05.000Z',
    ]);
  });

  it('keeps JSON (an array or {"instances"}) as rows', async () => {
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ instances: [{ size: 1, colour: 'red' }] }));
    const read = await readDriftFile(path.join(dir, 'b.json'), defaultConfig(), {});
    expect(read.names).toEqual(['size', 'colour']);
    expect(read.types).toEqual({ size: 'numeric', colour: 'categorical' });
    expect(Array.from(read.source.column('colour') as ArrayLike<unknown>)).toEqual(['red']);
  });
});

/** A stand-in model whose output depends on both columns (the model itself is not under test here). */
function linearPredictor(task: 'classification' | 'regression'): Predictor & { batches: number[] } {
  const batches: number[] = [];
  const score = (size: number, colour: unknown) => size / 100 + (colour === 'blue' ? 0.3 : 0);
  return {
    batches,
    info: {} as Predictor['info'],
    schema: { ...schema, target: { ...schema.target, task, classes: task === 'regression' ? null : ['small', 'big'] } },
    predict: (rows: readonly Row[]) =>
      rows.map((r) => {
        const s = score(r.size as number, r.colour);
        return task === 'regression'
          ? { value: s }
          : { label: s > 0.5 ? 'big' : 'small', probabilities: { small: 1 - s, big: s } };
      }),
    predictColumns(data: ColumnSource): ModelOutputs {
      batches.push(data.rows);
      const size = data.column('size') as ArrayLike<number>;
      const colour = data.column('colour') as ArrayLike<unknown>;
      const s = Float64Array.from({ length: data.rows }, (_, i) => score(size[i] as number, colour[i]));
      if (task === 'regression') return { task, values: s };
      const probabilities = new Float64Array(data.rows * 2);
      s.forEach((v, i) => {
        probabilities[2 * i] = 1 - v;
        probabilities[2 * i + 1] = v;
      });
      return { task, classes: ['small', 'big'], probabilities };
    },
    dispose: () => undefined,
  };
}

describe('predictOutputColumn', () => {
  const n = 70_000;
  const size = Float64Array.from({ length: n }, (_, i) => (i * 7) % 90);
  const codes = Uint8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 2 : 1));
  const source = columnsSource({ size, colour: new DictionaryColumn(codes, [null, 'red', 'blue']) });
  const rows = Array.from({ length: n }, (_, i) => ({ size: size[i], colour: codes[i] === 2 ? 'blue' : 'red' }));

  it('predicts in batches built from the columns and keeps only the labels', () => {
    const predictor = linearPredictor('classification');
    const out = predictOutputColumn(predictor, source);
    expect(predictor.batches).toEqual([65_536, n - 65_536]);
    expect(out.kind).toBe('categorical');
    expect(out.values).toEqual(predictor.predict(rows).map((p) => ('label' in p ? p.label : null)));
  });

  it('keeps the values of a regression model in a Float64Array', () => {
    const predictor = linearPredictor('regression');
    const out = predictOutputColumn(predictor, source);
    expect(out.kind).toBe('numeric');
    expect(out.values).toBeInstanceOf(Float64Array);
    expect(Array.from(out.values as Float64Array)).toEqual(
      predictor.predict(rows).map((p) => ('value' in p ? p.value : null)),
    );
  });
});
