import type { ColumnTable } from 'arquero';
import type { ColumnSource, Row } from '../../contracts.js';
import { columnValues } from '../table-utils.js';
import type { PipelineFeature } from './types.js';

export type { ColumnSource } from '../../contracts.js';

/** An arquero table as a ColumnSource (no copy when the table is plain). */
export function tableSource(table: ColumnTable): ColumnSource {
  const names = new Set(table.columnNames());
  return { rows: table.numRows(), column: (name) => (names.has(name) ? columnValues(table, name) : undefined) };
}

/** Reads the value of feature `k` at `row`: the only difference between column sources and records. */
export type ValueAt = (feature: PipelineFeature, featureIndex: number, row: number) => unknown;

/** Values of a column source, the pipeline's columns looked up once. */
export function columnValueAt(features: readonly PipelineFeature[], source: ColumnSource): ValueAt {
  const columns = features.map((f) => source.column(f.name));
  return (_f, k, row) => columns[k]?.[row];
}

/** Values of plain records (JSON rows, HTTP instances). */
export function rowValueAt(rows: readonly Row[]): ValueAt {
  return (f, _k, row) => rows[row]?.[f.name];
}
