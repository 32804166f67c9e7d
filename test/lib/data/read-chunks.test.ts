import path from 'node:path';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTable, readTableChunks, type TableChunk } from '../../../src/lib/data/index.js';
import { MlxError } from '../../../src/lib/errors.js';
import { makeConfig, tempDir, tempFile } from './helpers.js';

const config = makeConfig({ data: { rename: { 'Body Mass (g)': 'mass' }, drop: ['id'], na_values: ['', 'NA'] } });

/** Rows of every shape a chunk boundary can split: numbers, missing values, text, quotes. */
function records(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    name: i % 7 === 3 ? 'with, comma' : `n${i % 5}`,
    'Body Mass (g)': i % 11 === 0 ? null : 3000 + i,
    sex: i % 4 === 0 ? 'FEMALE' : 'MALE',
  }));
}

function csvOf(rows: ReturnType<typeof records>, delimiter = ','): string {
  const quote = (v: unknown) => (v === null ? '' : /[,"]/.test(String(v)) ? `"${String(v)}"` : String(v));
  return [
    ['id', 'name', 'Body Mass (g)', 'sex'].join(delimiter),
    ...rows.map((r) => [r.id, r.name, r['Body Mass (g)'], r.sex].map(quote).join(delimiter)),
  ].join('\n');
}

async function collect(file: string, chunkRows: number): Promise<TableChunk[]> {
  const chunks: TableChunk[] = [];
  for await (const chunk of readTableChunks(file, { config, chunkRows })) chunks.push(chunk);
  return chunks;
}

function files(n: number): string[] {
  const dir = tempDir();
  const rows = records(n);
  return [
    tempFile('x.csv', csvOf(rows), dir),
    tempFile('x.tsv', csvOf(rows, '\t').replaceAll('"', ''), dir),
    tempFile('x.ndjson', `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`, dir),
    tempFile('x.json', JSON.stringify(rows), dir),
    tempFile(
      'x.parquet',
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'id', data: rows.map((r) => r.id), type: 'INT32' },
            { name: 'name', data: rows.map((r) => r.name), type: 'STRING' },
            { name: 'Body Mass (g)', data: rows.map((r) => r['Body Mass (g)']), type: 'DOUBLE' },
            { name: 'sex', data: rows.map((r) => r.sex), type: 'STRING' },
          ],
        }),
      ),
      dir,
    ),
  ];
}

describe('readTableChunks', () => {
  it('gives, chunk by chunk, exactly the rows and types of a whole-file read (every format)', async () => {
    for (const file of files(2_345)) {
      const whole = await readTable(file, { config });
      const chunks = await collect(file, 500);
      const name = path.basename(file);
      expect(chunks.length, name).toBeGreaterThan(1);
      expect(
        chunks.map((c) => c.offset),
        name,
      ).toEqual(chunks.map((_, i) => chunks.slice(0, i).reduce((n, c) => n + c.table.numRows(), 0)));
      expect(
        chunks.flatMap((c) => c.table.objects()),
        name,
      ).toEqual(whole.objects());
      for (const c of chunks)
        expect(c.types, name).toEqual({ name: 'categorical', mass: 'numeric', sex: 'categorical' });
    }
  });

  it('keeps every chunk within the requested size', async () => {
    for (const file of files(20_000)) {
      const sizes = (await collect(file, 1_000)).map((c) => c.table.numRows());
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(20_000);
      expect(Math.max(...sizes), path.basename(file)).toBeLessThanOrEqual(1_000);
    }
  });

  it('a header-only file yields one empty chunk with the columns', async () => {
    const chunks = await collect(tempFile('h.csv', 'id,name,Body Mass (g),sex\n'), 100);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.table.numRows()).toBe(0);
    expect(chunks[0]?.table.columnNames()).toEqual(['name', 'mass', 'sex']);
  });

  it('a JSON array over the size guard is refused, pointing to NDJSON', async () => {
    const file = tempFile('big.json', JSON.stringify(records(100)));
    const error = await (async () => {
      for await (const _ of readTableChunks(file, { config, maxJsonBytes: 100 })) return null;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).message).toMatch(/JSON array of \d+ bytes/);
    expect((error as MlxError).hint).toMatch(/NDJSON/);
  });

  it('a malformed CSV fails with its line whatever the chunk size', async () => {
    const file = tempFile('bad.csv', `${csvOf(records(3_000))}\n1,2,3,4,5\n`);
    await expect(collect(file, 100)).rejects.toThrow(/bad.csv:3002:\d+: malformed CSV/);
  });

  it('any chunk size gives the same rows (property)', async () => {
    const [csv, , ndjson] = files(700);
    const whole = (await readTable(csv as string, { config })).objects();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 800 }), async (chunkRows) => {
        for (const file of [csv, ndjson] as string[])
          expect((await collect(file, chunkRows)).flatMap((c) => c.table.objects())).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });
});
