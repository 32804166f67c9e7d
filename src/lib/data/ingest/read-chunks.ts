import { statSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import type { FeatureType } from '../../contracts.js';
import { InputError } from '../../errors.js';
import type { RawColumns } from './column-map.js';
import type { FileFormat } from './detect-format.js';
import { openIngest, type ReadTableOptions, typedTable } from './read-table.js';
import type { RecordRange } from './record-ranges.js';

/** How a reader hands out rows: every `chunkRows` rows (default: all at the end), with progress in bytes. */
export interface ChunkOptions {
  chunkRows?: number;
  onProgress?: ((bytes: number) => void) | undefined;
  /** The file's size: a whole-file read reserves column room from it (no growth by doubling). */
  fileBytes?: number | undefined;
  /** Keep each record's text as it is in the file (`RawColumns.lines`), where a reader can. */
  lines?: boolean | undefined;
  /**
   * CSV/TSV only: read the header (bytes [0, headerEnd)) and then only the records in bytes [start, end)
   * (`splitRecords` finds such ranges). Line numbers in parse errors count from the range's start.
   */
  range?: (RecordRange & { headerEnd: number }) | undefined;
}

export interface ReadChunksOptions extends ReadTableOptions {
  /** Rows per chunk (the last one may be smaller). Default 5,000. */
  chunkRows?: number;
  /**
   * Keep each row's text as it is in the file (`TableChunk.lines`): a comma-separated file whose every
   * column is read, in file order (renamed or not; no select or drop), so that a row can be written back
   * unchanged.
   */
  lines?: boolean;
  /** A JSON array is parsed whole: larger files are refused (NDJSON streams). Default 64 MiB. */
  maxJsonBytes?: number;
  /** See {@link ChunkOptions.range}: a CSV/TSV read of one range of records (other formats refuse it). */
  range?: ChunkOptions['range'];
}

/** Some consecutive rows of a file, typed like a whole-file read would type them. */
export interface TableChunk {
  table: ColumnTable;
  /** The file index (0-based) of the chunk's first row. */
  offset: number;
  file: string;
  format: FileFormat;
  /** The type each column was read as in this chunk (declared types are the same in every chunk). */
  types: Record<string, FeatureType>;
  /** Columns whose declared type did not fit every value of this chunk. */
  unconverted: string[];
  /** Each row's text as it is in the file (no line ending), when asked for and the file allows it. */
  lines?: string[] | undefined;
}

const DEFAULT_CHUNK_ROWS = 5_000;
const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Reads a file in chunks of rows with the same renames, na_values, selection and typing as `readTable`:
 * memory stays bounded by a chunk whatever the file size (CSV, TSV and NDJSON stream; Parquet reads
 * batches of rows; a JSON array is parsed whole, up to `maxJsonBytes`). A file without data rows yields
 * one empty chunk that still has the header's columns.
 */
export async function* readTableChunks(file: string, options: ReadChunksOptions): AsyncGenerator<TableChunk> {
  const ingest = openIngest(file, options);
  if (ingest.format === 'json') {
    const max = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
    const size = statSync(file).size;
    if (size > max)
      throw new InputError(
        'MLX_DATA_PARSE',
        `${file} is a JSON array of ${size} bytes: arrays are read whole, at most ${max} bytes here.`,
        { hint: 'Write the records as NDJSON (one JSON object per line, .ndjson), which is read in chunks of rows.' },
      );
  }
  let offset = 0;
  let last: RawColumns | null = null;
  const chunkRows = Math.max(1, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
  if (options.range && ingest.format !== 'csv' && ingest.format !== 'tsv')
    throw new Error(`a range of records is read from CSV/TSV files only, not ${ingest.format}`);
  for await (const raw of ingest.read(chunkRows, { lines: options.lines, range: options.range })) {
    last = raw;
    // A reader hands out at least chunkRows (a CSV read ends where its 64 KiB block does): cut to size.
    for (let start = 0; start < raw.rows; start += chunkRows) {
      const part = sliceRows(raw, start, Math.min(raw.rows, start + chunkRows));
      yield await chunkOf(part, offset);
      offset += part.rows;
    }
  }
  // A file without data rows: one empty chunk, so that its columns (and its emptiness) are seen.
  if (offset === 0 && last) yield await chunkOf(last, 0);

  async function chunkOf(raw: RawColumns, at: number): Promise<TableChunk> {
    const typed = await typedTable(raw, ingest.declared);
    return { ...typed, offset: at, file, format: ingest.format, ...(raw.lines ? { lines: raw.lines } : {}) };
  }
}

/** Rows [start, end) of raw columns (views where the column is a typed array). */
function sliceRows(raw: RawColumns, start: number, end: number): RawColumns {
  if (start === 0 && end === raw.rows) return raw;
  return {
    names: raw.names,
    columns: raw.columns.map((c) => (c instanceof Float64Array ? c.subarray(start, end) : c.slice(start, end))),
    rows: end - start,
    ...(raw.lines ? { lines: raw.lines.slice(start, end) } : {}),
  };
}
