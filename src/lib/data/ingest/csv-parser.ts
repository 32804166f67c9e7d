import { DataValidationError } from '../../errors.js';

/** Receives parsed fields; `field` gets a slice of `text`, `quoted` an unescaped string. */
export interface CsvSink {
  header(names: string[]): void;
  field(index: number, text: string, start: number, end: number): void;
  quoted(index: number, value: string): void;
  /** End of one record; `line` is its 1-based first line in the file. */
  endRecord(line: number): void;
  /** The record's text as it is in the file (`text` from `start` to `end`, no line ending), before `endRecord`. */
  record?(text: string, start: number, end: number): void;
}

const QUOTE = 34;
const CR = 13;
const NL = 10;
/** plainRecord results that are not positions. */
const QUOTED = -1;
const INCOMPLETE = -2;

/**
 * An incremental RFC 4180 parser: `push` chunks, then `end`. A record without quotes is scanned once,
 * character by character, and reaches the sink as slices (no per-field string for numbers); a record
 * with a quote (and the header) goes through a small state machine. Errors name the file, line and
 * column.
 *
 * Every scan is bounded by the record it reads. An earlier version looked for the next quote with
 * `text.indexOf('"', pos)` over the rest of the 1 MiB chunk: in some runs V8's optimised code
 * repeated that whole-chunk search for every line, and parsing took ~10× longer (memchr on top of the
 * profile, bimodal run times); `npm run bench -- drift-csv` shows the difference.
 */
export class CsvParser {
  private buffer = '';
  private line = 1;
  private columns = -1;
  /** Whether the stream's first character was seen (a BOM is skipped there only, whatever the chunks). */
  private started = false;
  private readonly delim: number;
  /** Field end offsets of the record being scanned (delivered once the record is known to be plain). */
  private ends = new Int32Array(0);

  constructor(
    private readonly sink: CsvSink,
    private readonly file: string,
    delimiter: string,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    this.buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
    const consumed = this.parse(false);
    this.buffer = this.buffer.slice(consumed);
  }

  end(): void {
    if (this.buffer.length > 0) this.parse(true);
    this.buffer = '';
    if (this.columns < 0) throw this.error('the file is empty: no header line', 1, 1);
  }

  private parse(final: boolean): number {
    const text = this.buffer;
    const n = text.length;
    let pos = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) pos = 1;
    }
    while (pos < n) {
      const next = this.columns < 0 ? QUOTED : this.plainRecord(text, pos, final);
      if (next === INCOMPLETE) return pos;
      if (next !== QUOTED) {
        pos = next;
        continue;
      }
      const after = this.quotedRecord(text, pos, final);
      if (after === -1) return pos;
      pos = after;
    }
    return n;
  }

  /**
   * Scans one record from `start` up to its newline in a single pass, noting where fields end; delivers
   * it and returns the position after the newline. Returns QUOTED (nothing delivered) at the first
   * quote, INCOMPLETE when the text ends before a newline and more may come. Blank lines are skipped.
   */
  private plainRecord(text: string, start: number, final: boolean): number {
    const n = text.length;
    const delim = this.delim;
    const columns = this.columns;
    if (this.ends.length < columns) this.ends = new Int32Array(columns);
    const ends = this.ends;
    let fields = 0;
    let i = start;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (c === QUOTE) return QUOTED;
      if (c === delim) {
        if (fields + 1 >= columns) this.tooMany(i - start + 2);
        ends[fields++] = i;
      }
    }
    if (i === n && !final) return INCOMPLETE;
    let end = i;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    if (end > start) {
      ends[fields++] = end;
      if (fields !== columns) this.tooFew(fields, end - start + 1);
      let fieldStart = start;
      for (let k = 0; k < fields; k++) {
        const fieldEnd = ends[k] as number;
        this.sink.field(k, text, fieldStart, fieldEnd);
        fieldStart = fieldEnd + 1;
      }
      this.sink.record?.(text, start, end);
      this.sink.endRecord(this.line);
    }
    this.line++;
    return i + 1;
  }

  /** Parses one record that contains a quote; returns the position after it, -1 if incomplete. */
  private quotedRecord(text: string, start: number, final: boolean): number {
    const fields: string[] = [];
    const quotedFlags: boolean[] = [];
    let i = start;
    let line = this.line;
    let lineStart = start;
    let recordEnd = start;
    const n = text.length;
    for (;;) {
      // one field
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const openColumn = i - lineStart + 1;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            if (!final) return -1;
            throw this.error('unterminated quoted field', openLine, openColumn);
          }
          value += text.slice(from, q);
          for (let k = from; k < q; k++) {
            if (text.charCodeAt(k) === NL) {
              line++;
              lineStart = k + 1;
            }
          }
          if (q + 1 >= n && !final) return -1;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        fields.push(value);
        quotedFlags.push(true);
        const c = i < n ? text.charCodeAt(i) : NL;
        if (c !== this.delim && c !== NL && c !== CR) {
          throw this.error('unexpected character after a closing quote', line, i - lineStart + 1);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === this.delim || c === NL || c === CR) break;
          if (c === QUOTE) throw this.error('a quote inside an unquoted field', line, j - lineStart + 1);
          j++;
        }
        if (j >= n && !final) return -1;
        fields.push(text.slice(i, j));
        quotedFlags.push(false);
        i = j;
      }
      const c = i < n ? text.charCodeAt(i) : NL;
      if (c === this.delim) {
        i++;
        continue;
      }
      const end = i;
      if (c === CR) i++;
      if (i < n && text.charCodeAt(i) === NL) i++;
      else if (i >= n && !final) return -1;
      recordEnd = end;
      break;
    }
    this.deliver(fields, quotedFlags, text, start, recordEnd);
    this.line = line + 1;
    return i;
  }

  private deliver(fields: string[], quoted: boolean[], text: string, start: number, end: number): void {
    if (this.columns < 0) {
      this.setHeader(fields);
      return;
    }
    if (fields.length > this.columns) this.tooMany(1);
    if (fields.length < this.columns) this.tooFew(fields.length, 1);
    for (let k = 0; k < fields.length; k++) {
      const value = fields[k] as string;
      if (quoted[k]) this.sink.quoted(k, value);
      else this.sink.field(k, value, 0, value.length);
    }
    this.sink.record?.(text, start, end);
    this.sink.endRecord(this.line);
  }

  private setHeader(names: string[]): void {
    this.columns = names.length;
    this.sink.header(names.map((name) => name.trim()));
  }

  private tooMany(column: number): never {
    throw this.error(`more fields than the ${this.columns} header columns`, this.line, column);
  }

  private tooFew(found: number, column: number): never {
    throw this.error(`${found} fields where the header has ${this.columns}`, this.line, column);
  }

  private error(message: string, line: number, column: number): DataValidationError {
    return new DataValidationError(`${this.file}:${line}:${column}: malformed CSV: ${message}`, {
      code: 'MLX_DATA_MALFORMED',
      hint: 'Fix the file at that line (quotes must be doubled inside quoted fields; every row needs the header’s number of fields).',
      details: { file: this.file, line, column },
    });
  }
}
