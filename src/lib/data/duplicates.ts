import type { ColumnTable } from 'arquero';
import { columnValues } from './table-utils.js';

/**
 * Indices of rows that exactly repeat an earlier row (all columns). Each row gets a 32-bit
 * hash (numbers hashed by their bits, strings through a per-column cache); rows are sorted by
 * hash and only rows with equal hashes are compared value by value — no per-row key string,
 * and a hash collision cannot cause a false duplicate.
 */
export function duplicateRows(table: ColumnTable): number[] {
  const columns = table.columnNames().map((name) => columnValues(table, name));
  const n = table.numRows();
  const hashes = new Uint32Array(n);
  for (const col of columns) hashColumn(col, hashes);
  const order = sortedByHash(hashes);
  const duplicates: number[] = [];
  for (let start = 0; start < n; ) {
    const h = hashes[order[start] as number];
    let end = start + 1;
    while (end < n && hashes[order[end] as number] === h) end++;
    for (let a = start + 1; a < end; a++) {
      const i = order[a] as number;
      for (let b = start; b < a; b++) {
        if (sameRow(columns, i, order[b] as number)) {
          duplicates.push(i);
          break;
        }
      }
    }
    start = end;
  }
  return duplicates.sort((a, b) => a - b);
}

function hashColumn(col: ArrayLike<unknown>, hashes: Uint32Array): void {
  if (col instanceof Float64Array) {
    const scratch = new Float64Array(1);
    const bits = new Uint32Array(scratch.buffer);
    for (let i = 0; i < col.length; i++) {
      const v = col[i] as number;
      scratch[0] = Number.isNaN(v) ? Number.NaN : v === 0 ? 0 : v;
      hashes[i] = mix(mix(hashes[i] as number, bits[0] as number), bits[1] as number);
    }
    return;
  }
  const cache = new Map<unknown, number>();
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    let h = cache.get(v);
    if (h === undefined) {
      h = hashValue(v);
      if (cache.size < 1_000_000) cache.set(v, h);
    }
    hashes[i] = mix(hashes[i] as number, h);
  }
}

/** Row indices ordered by (hash, index). */
function sortedByHash(hashes: Uint32Array): Uint32Array {
  const n = hashes.length;
  if (n < 2 ** 21) {
    // hash * 2^21 + index is an exact double: one native numeric sort, no comparator.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (hashes[i] as number) * 2097152 + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % 2097152;
    return order;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (hashes[a] as number) - (hashes[b] as number) || a - b);
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

/** FNV-1a of a value's text (missing values hash alike). */
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
