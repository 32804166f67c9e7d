import type { ColumnTable } from 'arquero';
import { arquero } from './arquero.js';
import { columnValues } from './table-utils.js';

/** A new table holding the given rows (in that order); Float64 columns stay Float64. */
export async function takeRows(table: ColumnTable, rows: readonly number[]): Promise<ColumnTable> {
  const { table: makeTable } = arquero();
  const names = table.columnNames();
  const columns: Record<string, Float64Array | unknown[]> = {};
  for (const name of names) {
    const values = columnValues(table, name);
    if (values instanceof Float64Array) {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = values[rows[i] as number] as number;
      columns[name] = out;
    } else {
      const out: unknown[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = values[rows[i] as number] ?? null;
      columns[name] = out;
    }
  }
  return makeTable(columns, names);
}
