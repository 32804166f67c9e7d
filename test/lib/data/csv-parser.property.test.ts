import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/lib/data/index.js';
import { CsvParser, type CsvSink } from '../../../src/lib/data/ingest/csv-parser.js';
import { MlxError } from '../../../src/lib/errors.js';
import { makeConfig, tempFile } from './helpers.js';

/** Parses text pushed in the given chunk sizes; returns the records, or the error thrown. */
function parse(text: string, chunks: number[], delimiter = ','): { rows: string[][] } | { error: unknown } {
  const rows: string[][] = [];
  let current: string[] = [];
  const sink: CsvSink = {
    header: (names) => rows.push(names),
    field: (i, t, s, e) => {
      current[i] = t.slice(s, e);
    },
    quoted: (i, v) => {
      current[i] = v;
    },
    endRecord: () => {
      rows.push(current);
      current = [];
    },
  };
  try {
    const parser = new CsvParser(sink, 'prop.csv', delimiter);
    let at = 0;
    for (let k = 0; at < text.length; k++) {
      const size = Math.max(1, chunks[k % chunks.length] ?? text.length);
      parser.push(text.slice(at, at + size));
      at += size;
    }
    parser.end();
    return { rows };
  } catch (error) {
    return { error };
  }
}

/** Text made of the characters that matter to a CSV parser, and some that do not. */
const csvText = fc
  .array(
    fc.constantFrom(
      'a',
      'b',
      '1',
      '2.5',
      '-',
      ',',
      ',',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      ' ',
      '\t',
      '\uFEFF',
      'é',
      '\u0000',
    ),
    {
      maxLength: 80,
    },
  )
  .map((parts) => parts.join(''));

const onlyTyped = (result: { rows: string[][] } | { error: unknown }) => {
  if ('error' in result) {
    expect(result.error).toBeInstanceOf(MlxError);
    expect((result.error as MlxError).code).toBe('MLX_DATA_MALFORMED');
    expect((result.error as MlxError).message).toMatch(/^prop\.csv:\d+:\d+: /);
  }
};

describe('CSV parser properties', () => {
  it('no input throws anything but a typed MLX_DATA_MALFORMED error naming file, line and column', () => {
    fc.assert(
      fc.property(
        fc.oneof(csvText, fc.string(), fc.string({ unit: 'grapheme' })),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
        (text, chunks) => {
          onlyTyped(parse(text, chunks));
          onlyTyped(parse(text, chunks, '\t'));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('how the text is split into chunks never changes the result', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }), (text, chunks) => {
        const whole = parse(text, [text.length || 1]);
        const split = parse(text, chunks);
        if ('error' in whole) {
          expect('error' in split).toBe(true);
          expect((split as { error: MlxError }).error.message).toBe((whole.error as MlxError).message);
        } else expect(split).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  // Found by the property above: the BOM was skipped at the start of every chunk until the header was read.
  it('a byte-order mark is skipped at the start of the stream only, however the text is chunked', () => {
    for (const text of ['\uFEFF\uFEFF"', '\uFEFF\uFEFFa,b\n1,2\n'])
      for (const chunks of [[1], [2], [3]])
        expect(parse(text, chunks), JSON.stringify([text, chunks])).toEqual(parse(text, [99]));
    expect(parse('\uFEFFa,b\n1,2\n', [1])).toEqual({
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
  });

  it('well-formed records round-trip (quoted fields with commas, quotes and newlines)', () => {
    const field = fc
      .array(fc.constantFrom('a', '1', ' ', ',', '"', '\n', '\r\n', 'é'), { maxLength: 5 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(field, { minLength: 4, maxLength: 4 }), { maxLength: 5 }),
        (width, records) => {
          const rows = [Array.from({ length: width }, (_, i) => `c${i}`), ...records.map((r) => r.slice(0, width))];
          const text = rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n');
          expect(parse(text, [3])).toEqual({ rows });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a whole file read (readTable) fails only with typed errors too', async () => {
    const config = makeConfig();
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        const file = tempFile('p.csv', text);
        await readTable(file, { config }).then(
          () => undefined,
          (error: unknown) => {
            expect(error).toBeInstanceOf(MlxError);
            expect((error as MlxError).exitCode).toBeGreaterThanOrEqual(2);
          },
        );
      }),
      { numRuns: 200 },
    );
  });
});
