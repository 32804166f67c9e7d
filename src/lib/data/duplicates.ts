import type { ColumnTable } from 'arquero';
import { columnValues } from './table-utils.js';

/**
 * Indices of rows that exactly repeat an earlier row (all columns). Rows are bucketed by a
 * 32-bit FNV-1a hash and compared value by value inside a bucket, so no per-row key string
 * is kept (1M rows stay cheap) and a hash collision cannot cause a false duplicate.
 */
export function duplicateRows(table: ColumnTable): number[] {
  const columns = table.columnNames().map((name) => columnValues(table, name));
  const n = table.numRows();
  const hashes = new Uint32Array(n);
  for (const col of columns) {
    for (let i = 0; i < n; i++) hashes[i] = mix(hashes[i] as number, hashValue(col[i]));
  }
  const firstByHash = new Map<number, number[]>();
  const duplicates: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = hashes[i] as number;
    const seen = firstByHash.get(h);
    if (seen === undefined) {
      firstByHash.set(h, [i]);
      continue;
    }
    if (seen.some((j) => sameRow(columns, i, j))) duplicates.push(i);
    else seen.push(i);
  }
  return duplicates;
}

function sameRow(columns: ArrayLike<unknown>[], a: number, b: number): boolean {
  for (const col of columns) {
    const x = col[a];
    const y = col[b];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y)) && !(x == null && y == null)) return false;
  }
  return true;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193) >>> 0;
}

/** FNV-1a of a value's text (numbers by their digits, missing as one value). */
export function hashValue(value: unknown): number {
  const text = value === null || value === undefined || Number.isNaN(value) ? '\u0000' : String(value);
  return fnv1a(text);
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
