import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type {
  FeatureType,
  InputSchema,
  ModelOutputs,
  Predictor,
  ColumnSource as PredictorSource,
} from '../contracts.js';
import { DictionaryColumn } from '../data/index.js';
import { type ColumnSource, columnsSource, rowsSource } from '../drift/compute.js';
import { inferFeatureTypes, readRowsFile } from '../drift/read-rows.js';

/** A drift input file, read: its columns (no copy of the ingested buffers), their names and types. */
export interface DriftFile {
  source: ColumnSource;
  names: string[];
  types: Record<string, FeatureType>;
}

export interface ReadDriftFileOptions {
  /** Read only these columns (a model's features); default: the config's data selection. */
  columns?: readonly string[] | undefined;
  /** Declared types (a model's schema, or the other file's inferred types). */
  types?: Readonly<Record<string, FeatureType>> | undefined;
}

/**
 * What to read from a file for a model: its features, typed by its schema, except datetime features,
 * which stay text (as the bundle's reference sample and logged inputs hold them).
 */
export function modelColumnsOf(schema: Pick<InputSchema, 'features'>): Required<ReadDriftFileOptions> {
  return {
    columns: schema.features.map((f) => f.name),
    types: Object.fromEntries(schema.features.filter((f) => f.type !== 'datetime').map((f) => [f.name, f.type])),
  };
}

/**
 * Reads a `--reference` / `--current` file. CSV, TSV, NDJSON and Parquet go through the data module's
 * ingest into typed columns (numbers as Float64Arrays, text dictionary-coded), handed over as they are:
 * no row objects, no table. JSON (an array, or {"instances": [...]}) is parsed whole anyway and kept as rows.
 */
export async function readDriftFile(
  file: string,
  config: MlxConfig,
  options: ReadDriftFileOptions,
): Promise<DriftFile> {
  if (path.extname(file).toLowerCase() === '.json') {
    const rows = await readRowsFile(file, config);
    const inferred = inferFeatureTypes(rows);
    const names = options.columns ? options.columns.filter((n) => n in inferred) : Object.keys(inferred);
    return { source: rowsSource(rows), names, types: { ...inferred, ...options.types } };
  }
  const { ingestColumns } = await import('../data/index.js');
  const ingested = await ingestColumns(file, {
    config,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.types ? { types: options.types } : {}),
  });
  return { source: columnsSource(ingested.columns), names: ingested.names, types: ingested.types };
}

/** Rows per model call when predicting a file: bounds the per-batch copies of text columns. */
const BATCH_ROWS = 65_536;

/** Rows [start, end) of a column, as the predictor reads them (text columns decoded for the batch only). */
function slice(values: ArrayLike<unknown> | DictionaryColumn, start: number, end: number): ArrayLike<unknown> {
  if (values instanceof DictionaryColumn) {
    const out: (string | null)[] = new Array(end - start);
    for (let i = start; i < end; i++) out[i - start] = values.at(i);
    return out;
  }
  if (values instanceof Float64Array || values instanceof Float32Array) return values.subarray(start, end);
  return Array.prototype.slice.call(values, start, end) as unknown[];
}

/** The label (classification: the most probable class, first on ties) or value of each row of one batch. */
function outputsOf(outputs: ModelOutputs, rows: number, labels: unknown[], values: Float64Array, at: number): void {
  if (outputs.task === 'regression') {
    values.set(outputs.values.subarray(0, rows), at);
    return;
  }
  const { classes, probabilities } = outputs;
  const k = classes.length;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++)
      if ((probabilities[i * k + c] as number) > (probabilities[i * k + best] as number)) best = c;
    labels[at + i] = classes[best];
  }
}

/**
 * The model's output for every row of a column source (prediction drift on files), in batches built
 * from the columns; only the output column is kept (labels, or a Float64Array of values).
 */
export function predictOutputColumn(
  predictor: Predictor,
  source: ColumnSource,
): { values: ArrayLike<unknown>; kind: 'numeric' | 'categorical' } {
  const names = predictor.schema.features.map((f) => f.name);
  const regression = predictor.schema.target.task === 'regression';
  const labels: unknown[] = regression ? [] : new Array(source.rows);
  const values = new Float64Array(regression ? source.rows : 0);
  for (let start = 0; start < source.rows; start += BATCH_ROWS) {
    const end = Math.min(source.rows, start + BATCH_ROWS);
    const batch: PredictorSource = {
      rows: end - start,
      column(name) {
        if (!names.includes(name)) return undefined;
        const full = source.column(name);
        return full === undefined ? undefined : slice(full, start, end);
      },
    };
    outputsOf(predictor.predictColumns(batch), end - start, labels, values, start);
  }
  return regression ? { values, kind: 'numeric' } : { values: labels, kind: 'categorical' };
}
