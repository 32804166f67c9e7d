import type { ColumnTable } from 'arquero';
import type { ColumnSource, InputIssue, Row } from '../../contracts.js';
import { columnReader, rowReader, tableSource, type ValueReader } from './column-source.js';
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
  return transformWith(pipeline, source.rows, columnReader(pipeline.features, source), options);
}

/** Transforms plain records (JSON rows, HTTP instances) with the same encoders. */
export function transformRows(
  pipeline: FittedPipeline,
  rows: readonly Row[],
  options: TransformOptions = {},
): TransformResult {
  return transformWith(pipeline, rows.length, rowReader(rows), options);
}

/** The one-hot float32 matrix of the MLP, with the problems met (imputed values, unseen categories). */
function transformWith(
  pipeline: FittedPipeline,
  rows: number,
  reader: ValueReader,
  options: TransformOptions,
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
  writeOnehot(pipeline, rows, reader, x, at, report);
  return { x, rows, width: pipeline.width, issues };
}
