import { existsSync, statSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { FeatureType } from '../../contracts.js';
import { InputError } from '../../errors.js';
import { arquero } from '../arquero.js';
import { ColumnMap, type RawColumns } from './column-map.js';
import { detectFormat, type FileFormat } from './detect-format.js';
import type { ChunkOptions } from './read-chunks.js';
import { readDelimited } from './read-csv.js';
import { readJsonArray, readNdjson } from './read-json.js';
import { readParquet } from './read-parquet.js';
import { type RawColumn, typeColumn } from './type-columns.js';

export interface ReadTableOptions {
  /** Overrides `data.format`. */
  format?: FileFormat | 'auto';
  config: MlxConfig;
  /** Declared types by column (e.g. from a schema.json); default: `data.features` of the config. */
  types?: Readonly<Record<string, FeatureType>>;
  /** Called with bytes read so far and the file size (progress on a TTY). */
  onProgress?: (bytes: number, total: number) => void;
  /**
   * Read only these columns (names after `data.rename`), in place of `data.select` / `data.drop` and
   * without the target: e.g. a model's input features. Default: the config's selection.
   */
  columns?: readonly string[];
}

export interface IngestResult {
  table: ColumnTable;
  file: string;
  format: FileFormat;
  rows: number;
  /** The type each column was read as. */
  types: Record<string, FeatureType>;
  /** Columns whose declared type did not fit every value (validation names the values). */
  unconverted: string[];
}

/** What ingestColumns gives: the typed columns as they are (no table around them). */
export interface IngestedColumns extends Omit<IngestResult, 'table'> {
  /** Column names in file order. */
  names: string[];
  /** Float64Array (numeric, boolean 0/1, datetime epoch ms; NaN = missing), dictionary-coded or plain text. */
  columns: Record<string, RawColumn>;
}

/** A file opened for reading: its format, declared types and a reader of its rows in chunks. */
export interface OpenedIngest {
  format: FileFormat;
  declared: Record<string, FeatureType>;
  /** The rows, `chunkRows` at a time (Infinity: all at once), raw (untyped). */
  read(chunkRows: number, options?: Pick<ChunkOptions, 'lines' | 'range'>): AsyncGenerator<RawColumns>;
}

/** Checks the file and sets up the config's renames, na_values, select and drops for reading it. */
export function openIngest(file: string, options: ReadTableOptions): OpenedIngest {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InputError('MLX_DATA_NOT_FOUND', `Data file not found: ${file}`, {
      hint: 'Check data.source in mlx.config.yaml (relative to the project root), or run `mlx data pull`.',
    });
  }
  const { data } = options.config;
  const format = detectFormat(file, options.format ?? data.format);
  const declared: Record<string, FeatureType> = { ...(options.types ?? featureTypes(options.config)) };
  const textColumns = new Set(Object.keys(declared).filter((name) => declared[name] !== 'numeric'));
  const map = new ColumnMap(
    {
      naValues: data.na_values,
      rename: data.rename,
      select: options.columns ?? data.select,
      drop: options.columns ? [] : data.drop,
      keep: options.columns || data.target === null ? [] : [data.target],
      textColumns,
    },
    file,
  );
  const total = statSync(file).size;
  const onProgress = options.onProgress ? (bytes: number) => options.onProgress?.(bytes, total) : undefined;
  return {
    format,
    declared,
    read(chunkRows, readOptions = {}) {
      const chunks = { chunkRows, onProgress, fileBytes: total, lines: readOptions.lines, range: readOptions.range };
      switch (format) {
        case 'csv':
        case 'tsv':
          return readDelimited(file, format === 'csv' ? ',' : '\t', map, chunks);
        case 'json':
          return readJsonArray(file, map, chunks);
        case 'ndjson':
          return readNdjson(file, map, chunks);
        case 'parquet':
          return readParquet(file, map, chunks);
        default:
          return format satisfies never;
      }
    },
  };
}

/** Raw columns typed (declared, else inferred): the typed columns themselves, no table. */
function typeRaw(
  raw: RawColumns,
  declared: Readonly<Record<string, FeatureType>>,
): { columns: Record<string, RawColumn>; types: Record<string, FeatureType>; unconverted: string[] } {
  const columns: Record<string, RawColumn> = {};
  const types: Record<string, FeatureType> = {};
  const unconverted: string[] = [];
  raw.names.forEach((name, i) => {
    const typed = typeColumn(raw.columns[i] as RawColumn, declared[name]);
    columns[name] = typed.values;
    types[name] = typed.type;
    if (!typed.converted) unconverted.push(name);
  });
  return { columns, types, unconverted };
}

/** Raw columns typed (declared, else inferred) as an arquero table. */
export async function typedTable(
  raw: RawColumns,
  declared: Readonly<Record<string, FeatureType>>,
): Promise<{ table: ColumnTable; types: Record<string, FeatureType>; unconverted: string[] }> {
  const { columns, types, unconverted } = typeRaw(raw, declared);
  const { table } = arquero();
  return { table: table(columns, raw.names), types, unconverted };
}

/**
 * `ingestFile` without the arquero table: the typed columns themselves, for callers that read them
 * directly (drift on large files). Numbers are Float64Arrays, text is dictionary-coded.
 */
export async function ingestColumns(file: string, options: ReadTableOptions): Promise<IngestedColumns> {
  const ingest = openIngest(file, options);
  let raw: RawColumns | undefined;
  for await (const chunk of ingest.read(Number.POSITIVE_INFINITY)) raw = chunk;
  if (!raw) throw new Error(`the reader of ${file} yielded nothing`);
  const typed = typeRaw(raw, ingest.declared);
  return { names: raw.names, ...typed, file, format: ingest.format, rows: raw.rows };
}

/** Reads a file with the config's renames, na_values, select and drops; types each column. */
export async function ingestFile(file: string, options: ReadTableOptions): Promise<IngestResult> {
  const { names, columns, ...rest } = await ingestColumns(file, options);
  const { table } = arquero();
  return { table: table(columns, names), ...rest };
}

/** Public entry: ingest any supported file the way `data prepare` does, as an arquero table. */
export async function readTable(file: string, options: ReadTableOptions): Promise<ColumnTable> {
  return (await ingestFile(file, options)).table;
}

/** Declared types from `data.features`. */
export function featureTypes(config: MlxConfig): Record<string, FeatureType> {
  return Object.fromEntries(Object.entries(config.data.features).map(([name, spec]) => [name, spec.type]));
}
