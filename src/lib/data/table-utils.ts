import type { ColumnTable } from 'arquero';

/** The values of a column as an array-like without copying when the table is plain. */
export function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name) as unknown;
  if (!table.isFiltered() && !table.isOrdered()) {
    if (Array.isArray(column) || ArrayBuffer.isView(column)) return column as ArrayLike<unknown>;
    const arrow = column as { toArray?: () => ArrayLike<unknown> };
    if (typeof arrow.toArray === 'function') return arrow.toArray();
  }
  return table.array(name) as ArrayLike<unknown>;
}

/** A numeric column as Float64 (missing / non-numeric = NaN). */
export function numericValues(table: ColumnTable, name: string): Float64Array {
  const values = columnValues(table, name);
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : v === null || v === undefined ? Number.NaN : Number(v);
  }
  return out;
}
