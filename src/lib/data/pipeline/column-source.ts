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

/** The distinct values of feature `k`'s column, when the source has them (see ColumnSource.distinct). */
export type DistinctAt = (featureIndex: number) => DistinctValues | undefined;

/** How the encoders read their input: value by value, and (column sources) by distinct values where kept so. */
export interface ValueReader {
  at: ValueAt;
  distinct?: DistinctAt | undefined;
  /** Feature `k`'s column when the source holds it as numbers (Float64Array, NaN = missing). */
  numbers?: ((featureIndex: number) => Float64Array | undefined) | undefined;
}

/** A column source for the pipeline's features: columns looked up once. */
export function columnReader(features: readonly PipelineFeature[], source: ColumnSource): ValueReader {
  const columns = features.map((f) => source.column(f.name));
  // Distinct values are worth it while fewer than the rows (a slice of a column keeps all its values).
  const distinct = features.map((f) => {
    const d = source.distinct?.(f.name);
    return d && d.values.length <= Math.max(16, source.rows) ? d : undefined;
  });
  return {
    at: (_f, k, row) => columns[k]?.[row],
    distinct: (k) => distinct[k],
    numbers: (k) => {
      const column = columns[k];
      return column instanceof Float64Array ? column : undefined;
    },
  };
}

/** Plain records (JSON rows, HTTP instances). */
export function rowReader(rows: readonly Row[]): ValueReader {
  return { at: (f, _k, row) => rows[row]?.[f.name] };
}
