import type { ColumnTable } from 'arquero';
import type { ColumnSource, DistinctValues, Row } from '../../contracts.js';
import { DictionaryColumn } from '../ingest/dictionary-column.js';
import { columnValues } from '../table-utils.js';
import type { PipelineFeature } from './types.js';

export type { ColumnSource } from '../../contracts.js';

/** An arquero table as a ColumnSource (no copy when the table is plain). */
export function tableSource(table: ColumnTable): ColumnSource {
  const names = new Set(table.columnNames());
  const plain = !table.isFiltered() && !table.isOrdered();
  return {
    rows: table.numRows(),
    column: (name) => (names.has(name) ? columnValues(table, name) : undefined),
    distinct(name) {
      const column = names.has(name) && plain ? (table.column(name) as unknown) : undefined;
      return column instanceof DictionaryColumn ? { codes: column.codes, values: column.values } : undefined;
    },
  };
}

/** Reads the value of feature `k` at `row`: the only difference between column sources and records. */
export type ValueAt = (feature: PipelineFeature, featureIndex: number, row: number) => unknown;

/** Values of a column source, the pipeline's columns looked up once. */
export function columnValueAt(features: readonly PipelineFeature[], source: ColumnSource): ValueAt {
  const columns = features.map((f) => source.column(f.name));
  return (_f, k, row) => columns[k]?.[row];
}

/** The distinct values of feature `k`'s column, when the source has them (see ColumnSource.distinct). */
export type DistinctAt = (featureIndex: number) => DistinctValues | undefined;

/** The pipeline's columns of a column source as distinct values, where it keeps them so. */
export function columnDistinctAt(features: readonly PipelineFeature[], source: ColumnSource): DistinctAt | undefined {
  if (!source.distinct) return undefined;
  // Worth it while there are fewer distinct values than rows (a slice of a column keeps all its values).
  const columns = features.map((f) => {
    const d = source.distinct?.(f.name);
    return d && d.values.length <= Math.max(16, source.rows) ? d : undefined;
  });
  return (k) => columns[k];
}

/** Values of plain records (JSON rows, HTTP instances). */
export function rowValueAt(rows: readonly Row[]): ValueAt {
  return (f, _k, row) => rows[row]?.[f.name];
}
