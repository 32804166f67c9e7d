import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitRecords } from '../../../src/lib/data/index.js';
import { CsvParser } from '../../../src/lib/data/ingest/csv-parser.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The records of CSV text, each as its list of field values. */
function records(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  const parser = new CsvParser(
    {
      header() {},
      field(_i, t, s, e) {
        row.push(t.slice(s, e));
      },
      quoted(_i, v) {
        row.push(v);
      },
      endRecord() {
        out.push(row);
        row = [];
      },
    },
    'test.csv',
    ',',
  );
  parser.push(text);
  parser.end();
  return out;
}

/** A seeded CSV whose fields hold commas, doubled quotes and line breaks inside quotes. */
function awkwardCsv(rows: number, seed: number, eol: string): string {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const field = () => {
    const r = next();
    if (r < 0.5) return String(Math.floor(next() * 1000));
    if (r < 0.7) return `"a,b${eol}c"`;
    if (r < 0.85) return `"say ""hi""${eol}${eol}"`;
    return `"${'"'.repeat(2 * Math.floor(next() * 3))}"`;
  };
  const lines = ['id,x,"note, with comma"'];
  for (let i = 0; i < rows; i++) lines.push([String(i), field(), field()].join(','));
  return lines.join(eol);
}

describe('splitRecords', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])(
    'cuts at record starts only: every part parsed after the header gives the file’s records in order (%s)',
    (_name, eol) => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const text = awkwardCsv(400, seed, eol) + (seed % 2 === 0 ? eol : '');
        const file = path.join(dir, `awkward-${seed}.csv`);
        writeFileSync(file, text);
        const whole = records(text);
        for (const parts of [2, 3, 4]) {
          const split = splitRecords(file, parts);
          expect(split).not.toBeNull();
          if (!split) continue;
          expect(split.ranges).toHaveLength(parts);
          expect(split.ranges[0]?.start).toBe(split.headerEnd);
          expect(split.ranges.at(-1)?.end).toBe(Buffer.byteLength(text));
          const bytes = readFileSync(file);
          const header = bytes.subarray(0, split.headerEnd).toString();
          const joined: string[][] = [];
          for (const [i, r] of split.ranges.entries()) {
            if (i > 0) expect(r.start).toBe(split.ranges[i - 1]?.end);
            joined.push(...records(header + bytes.subarray(r.start, r.end).toString()));
          }
          expect(joined).toEqual(whole);
        }
      }
    },
  );

  it('a quoted header with a line break is one record; a file with too few records is not cut', () => {
    const file = path.join(dir, 'header.csv');
    writeFileSync(file, '"a\nb",c\n1,2\n3,4\n');
    const split = splitRecords(file, 2);
    expect(split?.headerEnd).toBe(8);
    expect(split?.ranges).toEqual([
      { start: 8, end: 12 },
      { start: 12, end: 16 },
    ]);
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'a,b\n1,2\n');
    expect(splitRecords(one, 2)).toBeNull();
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, 'a,b\n');
    expect(splitRecords(empty, 2)).toBeNull();
  });
});
