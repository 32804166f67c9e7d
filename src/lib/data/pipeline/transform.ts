import type { ColumnTable } from 'arquero';
import type { ColumnSource, InputIssue, Row } from '../../contracts.js';
import {
  columnDistinctAt,
  columnValueAt,
  type DistinctAt,
  rowValueAt,
  tableSource,
  type ValueAt,
} from './column-source.js';
import type { FittedPipeline, TransformResult } from './types.js';
import { writeOnehot } from './write-matrix.js';

export interface TransformOptions {
  /** Also report imputed missing values as `missing` issues (default true). */
  reportMissing?: boolean;
  /** Stop collecting issues after this many (default 10,000); the transform goes on. */
  maxIssues?: number;
}

/** Transforms an arquero table (columns missing from it are imputed, with an issue per row). */
export function transformTable(
  pipeline: FittedPipeline,
  table: ColumnTable,
  options: TransformOptions = {},
): TransformResult {
  return transformColumns(pipeline, tableSource(table), options);
}

/** Transforms column-oriented data (any {@link ColumnSource}; absent columns are imputed). */
export function transformColumns(
  pipeline: FittedPipeline,
  source: ColumnSource,
  options: TransformOptions = {},
): TransformResult {
  return transformWith(
    pipeline,
    source.rows,
    columnValueAt(pipeline.features, source),
    options,
    columnDistinctAt(pipeline.features, source),
  );
}

/** Transforms plain records (JSON rows, HTTP instances) with the same encoders. */
export function transformRows(
  pipeline: FittedPipeline,
  rows: readonly Row[],
  options: TransformOptions = {},
): TransformResult {
  return transformWith(pipeline, rows.length, rowValueAt(rows), options);
}

/** The one-hot float32 matrix of the MLP, with the problems met (imputed values, unseen categories). */
function transformWith(
  pipeline: FittedPipeline,
  rows: number,
  valueAt: ValueAt,
  options: TransformOptions,
  distinctAt?: DistinctAt,
): TransformResult {
  const x = new Float32Array(rows * pipeline.width);
  const issues: InputIssue[] = [];
  const maxIssues = options.maxIssues ?? 10_000;
  const reportMissing = options.reportMissing ?? true;
  // One reporter for the whole transform (no closure per value): it reads the current position.
  const at = { row: 0, feature: '' };
  const report = (kind: InputIssue['kind'], message: string) => {
    if (kind === 'missing' && !reportMissing) return;
    if (issues.length < maxIssues) issues.push({ row: at.row, feature: at.feature, kind, message });
  };
  writeOnehot(pipeline, rows, valueAt, x, at, report, distinctAt);
  return { x, rows, width: pipeline.width, issues };
}
