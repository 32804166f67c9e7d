import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { InputSchema, Row, Task } from '../contracts.js';
import {
  encodeColumns,
  encodeTarget,
  type FittedPipeline,
  loadSplits,
  tableSource,
  transformTable,
} from '../data/index.js';
import type { InputEncoding } from '../model/index.js';
import { mulberry32, permutation } from '../random.js';
import type { Matrix } from './types.js';

export interface PreparedData {
  train: Matrix;
  val: Matrix;
  /** The prepared splits as tables (what the final scores are computed on, through the Predictor). */
  tables: { train: ColumnTable; val: ColumnTable; test: ColumnTable };
  pipeline: FittedPipeline;
  schema: InputSchema;
  fingerprint: string;
  task: Task;
  /** Class labels in output order (classification), [] for regression. */
  classes: string[];
  /** Deterministic sample of raw training inputs (features only): the drift reference. */
  reference: Row[];
}

const REFERENCE_ROWS = 1000;

/**
 * Loads the prepared splits (data module) and encodes train and validation for a trainer: the model
 * inputs in the family's encoding, and the encoded target.
 */
export async function loadPreparedData({
  root,
  config,
  encoding,
}: {
  root: string;
  config: MlxConfig;
  encoding: InputEncoding;
}): Promise<PreparedData> {
  const splits = await loadSplits({ root, config });
  const { pipeline } = splits;
  return {
    train: toMatrix(pipeline, splits.train, encoding),
    val: toMatrix(pipeline, splits.val, encoding),
    tables: { train: splits.train, val: splits.val, test: splits.test },
    pipeline,
    schema: splits.schema,
    fingerprint: splits.fingerprint,
    task: splits.task,
    classes: pipeline.target.classes ?? [],
    reference: referenceSample(splits.train, splits.schema, config.seed),
  };
}

/** A table → model inputs (pipeline transform in the given encoding) + encoded target. */
export function toMatrix(pipeline: FittedPipeline, table: ColumnTable, encoding: InputEncoding = 'onehot'): Matrix {
  const encoded =
    encoding === 'onehot'
      ? transformTable(pipeline, table, { reportMissing: false, maxIssues: 0 })
      : encodeColumns(pipeline, tableSource(table), encoding);
  const { x, rows, width } = encoded;
  const target = table.columnNames().includes(pipeline.target.name)
    ? encodeTarget(pipeline, table.array(pipeline.target.name) as ArrayLike<unknown>)
    : new Float32Array(rows);
  return { x, rows, width, y: target, ...('columns' in encoded ? { columns: encoded.columns } : {}) };
}

/** Up to 1000 training rows, chosen with the run's seed, with the input features only. */
export function referenceSample(table: ColumnTable, schema: InputSchema, seed: number): Row[] {
  const names = schema.features.map((f) => f.name).filter((n) => table.columnNames().includes(n));
  const order = permutation(table.numRows(), mulberry32(seed ^ 0x5eed));
  const picked = Array.from(order.subarray(0, Math.min(REFERENCE_ROWS, table.numRows()))).sort((a, b) => a - b);
  const columns = names.map((n) => table.array(n) as ArrayLike<unknown>);
  return picked.map((i) => Object.fromEntries(names.map((n, c) => [n, normalise(columns[c]?.[i])])));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value ?? null;
}
