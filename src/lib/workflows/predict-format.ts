import type { ColumnTable } from 'arquero';
import type { ModelOutputs, Prediction } from '../contracts.js';
import { columnValues } from '../data/index.js';
import { csvField, type OutputFormat } from '../data/write-rows.js';
import { exponentText, float32Digits, float32Places, inPlacesRange, shortestFloat32 } from '../float32-text.js';

/** Formats chunks of predictions straight from the columns and the raw outputs (no object per row). */
export interface ChunkFormatter {
  /**
   * The input columns of `table` plus `prediction` (and `probability_<class>`), handed to `emit` a few
   * hundred lines at a time (never one string for the chunk: a string of megabytes lives until a full
   * collection): CSV rows as UTF-8 bytes in a reused block (`emit` copies them before it returns), the
   * header and NDJSON as text. With `lines` (each row's text as it is in a CSV file whose columns are the
   * table's), a CSV row is that text followed by the prediction fields: the input values exactly as given.
   */
  format(
    table: ColumnTable,
    outputs: ModelOutputs,
    emit: (chunk: string | Uint8Array) => void,
    lines?: readonly string[],
  ): void;
  /** Columns that appeared after a CSV header was written (left out of a CSV output). */
  readonly lateColumns: string[];
}

/** The prediction columns of `outputs`: `prediction`, then `probability_<class>` for a classifier. */
function outputColumns(outputs: ModelOutputs): string[] {
  return outputs.task === 'classification'
    ? ['prediction', ...outputs.classes.map((c) => `probability_${c}`)]
    : ['prediction'];
}

/** The most probable class of row `i` (the first on ties) in a row-major `k`-column probability matrix. */
function bestClass(p: ArrayLike<number>, k: number, i: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((p[i * k + c] as number) > (p[i * k + best] as number)) best = c;
  return best;
}

/**
 * The predicted values of row `i`: the label (the most probable class, first on ties) and its
 * probabilities; with `shortest`, float32 probabilities as the doubles whose text is their shortest
 * decimal (float32-text.ts), as the CSV writer writes them.
 */
function outputValues(outputs: ModelOutputs, i: number, shortest = false): unknown[] {
  if (outputs.task === 'regression') return [outputs.values[i]];
  const k = outputs.classes.length;
  const p = outputs.probabilities;
  const values: unknown[] = [outputs.classes[bestClass(p, k, i)]];
  const float32 = shortest && p instanceof Float32Array;
  for (let c = 0; c < k; c++) {
    const v = p[i * k + c] as number;
    values.push(float32 ? shortestFloat32(v) : v);
  }
  return values;
}

/** Bytes of one CSV block handed to `emit` (64 KiB: stays in the CPU's cache, never a large allocation). */
const BLOCK_BYTES = 1 << 16;
/** The most bytes a number's shortest text takes (`-1.2345678901234567e-308`). */
const NUMBER_BYTES = 25;

/**
 * Writes CSV rows straight into a reused block of bytes: the input part as UTF-8, then `,` and the
 * prediction fields (the same values as `outputValues`: the label, the class probabilities or the value),
 * then a newline; the block goes to `emit` when the next row might not fit, and at the end. No string per
 * row is made beyond each number's text (whose characters are ASCII and copied one by one), so there is
 * less garbage and no rope of strings to flatten and encode.
 */
function csvRows(outputs: ModelOutputs, emit: (bytes: Uint8Array) => void) {
  const classification = outputs.task === 'classification';
  const k = classification ? outputs.classes.length : 1;
  const numbers = classification ? outputs.probabilities : outputs.values;
  const labels = classification ? outputs.classes.map((c) => Buffer.from(csvField(c))) : [];
  // A float32 as the shortest text that reads back to it; float64 values (a regression's, gbdt's) as String.
  const write = numbers instanceof Float32Array ? writeFloat32 : writeNumber;
  const fieldBytes = labels.reduce((m, l) => Math.max(m, l.length), 0) + k * (NUMBER_BYTES + 1) + 2;
  let block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  return {
    /** Row `i`: `input` (its fields joined by commas; null when there are none) and its prediction fields. */
    row(input: string | null, i: number) {
      const room = (input?.length ?? 0) * 3 + fieldBytes;
      if (used + room > block.length) {
        if (used > 0) emit(block.subarray(0, used));
        used = 0;
        if (room > block.length) block = Buffer.allocUnsafe(room);
      }
      if (input !== null) {
        used += block.write(input, used);
        block[used++] = COMMA;
      }
      if (classification) {
        const label = labels[bestClass(numbers, k, i)] as Buffer;
        label.copy(block, used);
        used += label.length;
        for (let c = 0, at = i * k; c < k; c++) {
          block[used++] = COMMA;
          used = write(block, used, numbers[at + c] as number);
        }
      } else used = write(block, used, numbers[i] as number);
      block[used++] = NEWLINE;
    },
    end() {
      if (used > 0) emit(block.subarray(0, used));
      used = 0;
    },
  };
}

const COMMA = 44;
const NEWLINE = 10;

/** Writes `v`'s text (as `String(v)`; nothing when it is not finite) at `at`; returns the position after it. */
function writeNumber(block: Buffer, at: number, v: number): number {
  if (!Number.isFinite(v)) return at;
  const text = String(v);
  for (let j = 0; j < text.length; j++) block[at++] = text.charCodeAt(j);
  return at;
}

/** The digits of the integer being written, last first. */
const digits = new Uint8Array(24);

/**
 * Writes the float32 `v` as its shortest decimal (float32-text.ts: `0.33333334`, not its double's
 * `0.3333333432674408`), its digits written here without a string, in the notation `String` uses for the
 * number: plain from 1e-6, exponent form below (`6.4e-10`); nothing when `v` is not finite.
 */
function writeFloat32(block: Buffer, at: number, v: number): number {
  if (!Number.isFinite(v)) return at;
  const a = Math.abs(v);
  // Zero, outside the places' range, or not a float32 (-1): written as text.
  const k = inPlacesRange(a) ? float32Places(a) : -1;
  if (k < 0) {
    const text = a === 0 ? '0' : exponentText(v);
    for (let j = 0; j < text.length; j++) block[at++] = text.charCodeAt(j);
    return at;
  }
  let d = float32Digits(a, k);
  let n = 0;
  if (v < 0) block[at++] = MINUS;
  if (a >= 1e-6) {
    // Plain: d's digits, at least k + 1 of them (leading zeros for a value below 1), the point k from the end.
    for (; d >= 1 || n <= k; d = Math.floor(d / 10)) digits[n++] = d % 10;
    for (let j = n - 1; j >= 0; j--) {
      if (j === k - 1) block[at++] = DOT;
      block[at++] = ZERO + (digits[j] as number);
    }
    return at;
  }
  // Exponent form: the first digit, the point and the others (if any), `e-`, then the exponent.
  for (; d >= 1; d = Math.floor(d / 10)) digits[n++] = d % 10;
  block[at++] = ZERO + (digits[n - 1] as number);
  if (n > 1) block[at++] = DOT;
  for (let j = n - 2; j >= 0; j--) block[at++] = ZERO + (digits[j] as number);
  block[at++] = LETTER_E;
  block[at++] = MINUS;
  const exponent = k - n + 1;
  if (exponent >= 10) block[at++] = ZERO + Math.floor(exponent / 10);
  block[at++] = ZERO + (exponent % 10);
  return at;
}

const ZERO = 48;
const DOT = 46;
const MINUS = 45;
const LETTER_E = 101;

/**
 * The formatter of `mlx predict`'s output: CSV (RFC 4180; the header is the first chunk's columns, fixed
 * from then on) or NDJSON (one object per row), the same columns and values `predictionRows` gives.
 * `header: false` leaves the CSV header line out (a later part of a file predicted in parts).
 */
export function predictionFormatter(format: OutputFormat, options: { header?: boolean } = {}): ChunkFormatter {
  const lateColumns: string[] = [];
  let header: string[] | null = null;
  let known: Set<string> | null = null;
  return {
    lateColumns,
    format(table, outputs, emit, lines) {
      const predicted = outputColumns(outputs);
      const names = table.columnNames().filter((c) => !predicted.includes(c));
      const rows = table.numRows();
      if (format === 'ndjson') {
        const values = names.map((c) => columnValues(table, c));
        for (let i = 0; i < rows; i++) {
          const record: Record<string, unknown> = {};
          names.forEach((c, j) => {
            record[c] = values[j]?.[i];
          });
          outputValues(outputs, i, true).forEach((v, j) => {
            record[predicted[j] as string] = v;
          });
          emit(`${JSON.stringify(record)}\n`);
        }
        return;
      }
      const first = header === null;
      header ??= names;
      known ??= new Set(header);
      for (const c of names)
        if (!known.has(c)) {
          known.add(c);
          lateColumns.push(c);
        }
      if (first && options.header !== false) emit(`${[...header, ...predicted].map(csvField).join(',')}\n`);
      // The file's own text for the input fields: no number read and written back (half the time of
      // formatting), and the values as the user wrote them. Only when the row's columns are the header's.
      const sameColumns = names.length === table.numCols() && sameList(names, header);
      const out = csvRows(outputs, emit);
      if (lines && lines.length === rows && sameColumns && names.length > 0) {
        for (let i = 0; i < rows; i++) out.row(lines[i] as string, i);
      } else {
        const present = new Set(names);
        const values = header.map((c) => (present.has(c) ? columnValues(table, c) : undefined));
        for (let i = 0; i < rows; i++) {
          let line = '';
          for (let j = 0; j < values.length; j++) {
            if (j > 0) line += ',';
            line += csvField(values[j]?.[i]);
          }
          out.row(values.length > 0 ? line : null, i);
        }
      }
      out.end();
    },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Raw outputs as predictions (`mlx predict` without an output file or stream returns them). */
export function outputPredictions(outputs: ModelOutputs, rows: number): Prediction[] {
  return Array.from({ length: rows }, (_, i): Prediction => {
    if (outputs.task === 'regression') return { value: outputs.values[i] as number };
    const [label, ...probabilities] = outputValues(outputs, i);
    return {
      label: label as string,
      probabilities: Object.fromEntries(outputs.classes.map((c, j) => [c, probabilities[j] as number])),
    };
  });
}
