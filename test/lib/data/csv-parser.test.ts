import { describe, expect, it, vi } from 'vitest';
import { CsvParser, type CsvSink } from '../../../src/lib/data/ingest/csv-parser.js';
import { MlxError } from '../../../src/lib/errors.js';

/** Parses text (optionally in chunks of `chunk` characters) into header + records of strings. */
function parse(
  text: string,
  chunk = text.length || 1,
  delimiter = ',',
): { header: string[]; rows: string[][]; lines: number[]; records: string[] } {
  const out = { header: [] as string[], rows: [] as string[][], lines: [] as number[], records: [] as string[] };
  let current: string[] = [];
  const sink: CsvSink = {
    header: (names) => {
      out.header = names;
    },
    field: (i, t, s, e) => {
      current[i] = t.slice(s, e);
    },
    quoted: (i, v) => {
      current[i] = v;
    },
    record: (t, s, e) => {
      out.records.push(t.slice(s, e));
    },
    endRecord: (line) => {
      out.rows.push(current);
      out.lines.push(line);
      current = [];
    },
  };
  const parser = new CsvParser(sink, 'test.csv', delimiter);
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
  parser.end();
  return out;
}

function errorOf(fn: () => unknown): MlxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MlxError) return error;
  }
  throw new Error('expected an MlxError');
}

describe('CsvParser', () => {
  const tricky = '\ufeffa,b,c\r\n1,"x, y",3\r\n"say ""hi""",,"multi\nline"\n4,5,6';

  it('parses quotes, escaped quotes, CRLF, embedded newlines, a BOM and a last line without newline', () => {
    const { header, rows, lines } = parse(tricky);
    expect(header).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([
      ['1', 'x, y', '3'],
      ['say "hi"', '', 'multi\nline'],
      ['4', '5', '6'],
    ]);
    expect(lines).toEqual([2, 3, 5]);
  });

  it("hands over each record's text as it is in the file, without its line ending, whatever the chunks", () => {
    const expected = ['1,"x, y",3', '"say ""hi""",,"multi\nline"', '4,5,6'];
    for (const chunk of [tricky.length, 1, 3, 7]) expect(parse(tricky, chunk).records).toEqual(expected);
    expect(parse('a,b\n\n1,2\r\n\n').records).toEqual(['1,2']);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parse(tricky);
    for (const chunk of [1, 2, 3, 5, 7]) expect(parse(tricky, chunk)).toEqual(whole);
  });

  it('reads tab-separated files', () => {
    expect(parse('a\tb\n1\t2\n', 100, '\t').rows).toEqual([['1', '2']]);
  });

  it('skips blank lines but keeps counting lines', () => {
    const { rows, lines } = parse('a,b\n1,2\n\n3,4\n');
    expect(rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(lines).toEqual([2, 4]);
  });

  it('names file, line and column for a row with too many fields', () => {
    const error = errorOf(() => parse('a,b\n1,2\n1,2,3\n'));
    expect(error.code).toBe('MLX_DATA_MALFORMED');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('test.csv:3:5');
    expect(error.message).toContain('more fields than the 2 header columns');
  });

  it('names the line of a row with too few fields', () => {
    expect(errorOf(() => parse('a,b,c\n1,2,3\n4,5\n')).message).toMatch(
      /test\.csv:3:\d+: .*2 fields where the header has 3/,
    );
  });

  it('reports an unterminated quote where it opened', () => {
    expect(errorOf(() => parse('a,b\n1,"open\n2,3\n')).message).toContain(
      'test.csv:2:3: malformed CSV: unterminated quoted field',
    );
  });

  it('rejects a quote inside an unquoted field, with its column', () => {
    expect(errorOf(() => parse('a,b\n1,ab"c\n')).message).toContain('test.csv:2:5');
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => parse('')).message).toContain('the file is empty');
  });

  it('never searches past the record it reads (no whole-chunk scans per line)', () => {
    // Given one 1 MiB-like chunk of plain records and a quoted record near its end
    const body = Array.from({ length: 20_000 }, (_, i) => `${i},${i * 0.5},c${i % 7}`).join('\n');
    const text = `a,b,c\n${body}\n1,"x, y",3\n`;
    const longest = Math.max(...text.split('\n').map((l) => l.length));
    const original = String.prototype.indexOf;
    const scanned: number[] = [];
    const indexOf = vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (
      this: string,
      search: string,
      from?: number,
    ) {
      const found = original.call(this, search, from);
      scanned.push((found === -1 ? this.length : found + search.length) - (from ?? 0));
      return found;
    });
    let rows: string[][];
    try {
      // When it is parsed
      rows = parse(text).rows;
    } finally {
      indexOf.mockRestore();
    }
    // Then every search stayed within one record (an earlier parser looked for the next quote over the
    // rest of the chunk; in some runs V8's optimised code repeated that for every line: ~10× slower)
    expect(rows).toHaveLength(20_001);
    expect(rows.at(-1)).toEqual(['1', 'x, y', '3']);
    expect(Math.max(0, ...scanned)).toBeLessThanOrEqual(longest);
  });
});
