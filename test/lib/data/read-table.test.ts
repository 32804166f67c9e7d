import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { ingestFile, readTable } from '../../../src/lib/data/index.js';
import { MlxError } from '../../../src/lib/errors.js';
import { makeConfig, tempDir, tempFile } from './helpers.js';

const config = makeConfig({
  data: { rename: { 'Body Mass (g)': 'mass' }, drop: ['id'], na_values: ['', 'NA', '.'] },
});
const expected = [
  { name: 'a', mass: 3750, sex: 'MALE', ok: 1 },
  { name: 'b', mass: Number.NaN, sex: null, ok: 0 },
];

describe('ingest', () => {
  it('reads CSV with renames, drops and na_values, typing each column', async () => {
    const file = tempFile('x.csv', 'id,name,Body Mass (g),sex,ok\n1,a,3750,MALE,true\n2,b,NA,.,false\n');
    const result = await ingestFile(file, { config });
    expect(result.types).toEqual({ name: 'categorical', mass: 'numeric', sex: 'categorical', ok: 'boolean' });
    expect(result.table.objects()).toEqual(expected);
    expect(result.table.column('mass')).toBeInstanceOf(Float64Array);
  });

  it('reads TSV, JSON, NDJSON and Parquet into the same table', async () => {
    const dir = tempDir();
    const records = [
      { id: 1, name: 'a', 'Body Mass (g)': 3750, sex: 'MALE', ok: true },
      { id: 2, name: 'b', 'Body Mass (g)': null, sex: '.', ok: false },
    ];
    const files = [
      tempFile('x.tsv', 'id\tname\tBody Mass (g)\tsex\tok\n1\ta\t3750\tMALE\ttrue\n2\tb\t\t.\tfalse\n', dir),
      tempFile('x.json', JSON.stringify(records), dir),
      tempFile('x.ndjson', `${records.map((r) => JSON.stringify(r)).join('\n')}\n\n`, dir),
      tempFile(
        'x.parquet',
        new Uint8Array(
          parquetWriteBuffer({
            columnData: [
              { name: 'id', data: [1, 2], type: 'INT32' },
              { name: 'name', data: ['a', 'b'], type: 'STRING' },
              { name: 'Body Mass (g)', data: [3750, null], type: 'DOUBLE' },
              { name: 'sex', data: ['MALE', '.'], type: 'STRING' },
              { name: 'ok', data: [true, false], type: 'BOOLEAN' },
            ],
          }),
        ),
        dir,
      ),
    ];
    for (const file of files) {
      const table = await readTable(file, { config });
      expect(table.objects(), path.basename(file)).toEqual(expected);
    }
  });

  it('keeps text for a declared categorical column that looks numeric', async () => {
    const file = tempFile('z.csv', 'zip,y\n01234,1\n98765,2\n');
    const table = await readTable(file, {
      config: makeConfig({ data: { features: { zip: { type: 'categorical' } } } }),
    });
    expect(table.array('zip')).toEqual(['01234', '98765']);
  });

  it('turns declared datetime columns into epoch milliseconds', async () => {
    const file = tempFile('d.csv', 'when,y\n1970-01-02,1\n1982-01-01,2\n');
    const result = await ingestFile(file, {
      config: makeConfig({ data: { features: { when: { type: 'datetime' } } } }),
    });
    expect(Array.from(result.table.array('when') as ArrayLike<number>)).toEqual([86_400_000, Date.UTC(1982, 0, 1)]);
  });

  it('keeps the text of a numeric column with a bad value, so validation can name it', async () => {
    const file = tempFile('bad.csv', 'x\n1\n2\nabc\n');
    const result = await ingestFile(file, { config: makeConfig({ data: { features: { x: { type: 'numeric' } } } }) });
    expect(result.unconverted).toEqual(['x']);
    expect(result.table.array('x')).toEqual(['1', '2', 'abc']);
  });

  it('gives line and column for malformed JSON and NDJSON', async () => {
    const dir = tempDir();
    const json = tempFile('bad.json', '[\n  {"a": 1},\n  {"a": }\n]', dir);
    const ndjson = tempFile('bad.ndjson', '{"a":1}\n{"a":2}\n{"a" 3}\n', dir);
    await expect(readTable(json, { config })).rejects.toThrow(/bad\.json:3:\d+: malformed JSON/);
    await expect(readTable(ndjson, { config })).rejects.toThrow(/bad\.ndjson:3:\d+: malformed JSON/);
  });

  it('fails with a hint for a missing file and an unknown extension', async () => {
    const error = await readTable('/nonexistent/x.csv', { config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_DATA_NOT_FOUND');
    await expect(readTable(tempFile('x.xlsx', 'x'), { config })).rejects.toThrow(/Cannot tell the format/);
  });

  it('rejects two columns that end up with the same name', async () => {
    const file = tempFile('dup.csv', 'a,b\n1,2\n');
    await expect(readTable(file, { config: makeConfig({ data: { rename: { b: 'a' } } }) })).rejects.toThrow(
      /two columns are named 'a'/,
    );
  });

  it('reports progress in bytes', async () => {
    const file = tempFile('p.csv', 'a\n1\n2\n');
    const seen: [number, number][] = [];
    await readTable(file, { config, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([6, 6]);
  });
});

describe('parquet', () => {
  it('reads a file larger than one batch, in order, and rejects a corrupt one', async () => {
    const n = 70_000;
    const ids = Array.from({ length: n }, (_, i) => i);
    const file = tempFile(
      'big.parquet',
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: ids, type: 'INT32' },
            { name: 'label', data: ids.map((i) => (i % 2 ? 'odd' : 'even')), type: 'STRING' },
          ],
        }),
      ),
    );
    const table = await readTable(file, { config: makeConfig() });
    expect(table.numRows()).toBe(n);
    expect(Array.from(table.array('id') as ArrayLike<number>).every((v, i) => v === i)).toBe(true);
    expect(table.get('label', n - 1)).toBe('odd');
    await expect(
      readTable(tempFile('bad.parquet', 'not parquet at all'), { config: makeConfig() }),
    ).rejects.toMatchObject({
      code: 'MLX_DATA_MALFORMED',
    });
  });
});
