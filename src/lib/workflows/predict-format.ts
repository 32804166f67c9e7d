import type { ColumnTable } from 'arquero';
import type { ModelOutputs, Prediction } from '../contracts.js';
import { columnValues } from '../data/index.js';
import { csvField, type OutputFormat } from '../data/write-rows.js';

/** Formats chunks of predictions straight from the columns and the raw outputs (no object per row). */
export interface ChunkFormatter {
  /**
   * The input columns of `table` plus `prediction` (and `probability_<class>`), handed to `emit` a few
   * hundred lines at a time (never one string for the chunk: a string of megabytes lives until a full
   * collection). With `lines` (each row's text as it is in a CSV file whose columns are the table's),
   * a CSV row is that text followed by the prediction fields: the input values exactly as given.
   */
  format(table: ColumnTable, outputs: ModelOutputs, emit: (text: string) => void, lines?: readonly string[]): void;
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

/** The predicted values of row `i`: the label (the most probable class, first on ties) and its probabilities. */
function outputValues(outputs: ModelOutputs, i: number): unknown[] {
  if (outputs.task === 'regression') return [outputs.values[i]];
  const k = outputs.classes.length;
  const p = outputs.probabilities;
  const values: unknown[] = [outputs.classes[bestClass(p, k, i)]];
  for (let c = 0; c < k; c++) values.push(p[i * k + c]);
  return values;
}

/** CSV lines handed to the sink at once (a few tens of KiB: never a string of megabytes). */
const ROWS_PER_EMIT = 256;

/**
 * Row `i`'s prediction fields as CSV, joined by commas: the same values as `outputValues`. The class names'
 * fields are quoted once per chunk, not once per row.
 */
function outputFields(outputs: ModelOutputs): (i: number) => string {
  if (outputs.task === 'regression') {
    const values = outputs.values;
    return (i) => csvField(values[i]);
  }
  const k = outputs.classes.length;
  const p = outputs.probabilities;
  const labels = outputs.classes.map(csvField);
  return (i) => {
    let text = labels[bestClass(p, k, i)] as string;
    for (let c = 0, at = i * k; c < k; c++) {
      const v = p[at + c] as number;
      text += Number.isFinite(v) ? `,${v}` : ',';
    }
    return text;
  };
}

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
          outputValues(outputs, i).forEach((v, j) => {
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
      const fields = outputFields(outputs);
      if (lines && lines.length === rows && sameColumns && names.length > 0) {
        emitBlocks(rows, emit, (i) => `${lines[i]},${fields(i)}\n`);
        return;
      }
      const present = new Set(names);
      const values = header.map((c) => (present.has(c) ? columnValues(table, c) : undefined));
      const lead = values.length > 0 ? ',' : '';
      emitBlocks(rows, emit, (i) => {
        let line = '';
        for (let j = 0; j < values.length; j++) {
          if (j > 0) line += ',';
          line += csvField(values[j]?.[i]);
        }
        return `${line}${lead}${fields(i)}\n`;
      });
    },
  };
}

/** Lines built by concatenation and handed over ROWS_PER_EMIT at a time: no array per row. */
function emitBlocks(rows: number, emit: (text: string) => void, line: (i: number) => string): void {
  let block = '';
  for (let i = 0; i < rows; i++) {
    block += line(i);
    if ((i + 1) % ROWS_PER_EMIT === 0) {
      emit(block);
      block = '';
    }
  }
  if (block !== '') emit(block);
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
