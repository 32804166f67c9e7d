import { DictionaryColumn } from '../../data/index.js';
import { permutation } from '../../random.js';
import type { ColumnSource } from '../compute.js';
import type { ColumnKind } from '../types.js';

/** One input column of the domain classifier. */
export interface DomainColumn {
  name: string;
  kind: ColumnKind;
  /** Categorical: number of codes (0..categories-1; NaN = missing). */
  categories?: number;
}

/** Both sides' rows as one matrix: what the injected classifier is trained and scored on. */
export interface DomainData {
  /** Row-major rows × width; NaN = missing; categorical columns hold integer codes. */
  x: Float64Array;
  rows: number;
  width: number;
  columns: DomainColumn[];
  /** 1 for a current row, 0 for a reference row. */
  y: Float64Array;
}

/** Categories beyond this many (the most frequent first) share one code, as tree models take ≤ 255 codes. */
const MAX_CODES = 255;

const valueAt = (values: ArrayLike<unknown> | DictionaryColumn, i: number): unknown =>
  values instanceof DictionaryColumn ? values.at(i) : values[i];

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

const isPresent = (v: unknown): boolean =>
  v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v));

/** Up to `max` row indices of a side, drawn without replacement (seeded), in row order. */
export function sampleRows(rows: number, max: number, random: () => number): Uint32Array {
  if (rows <= max) return Uint32Array.from({ length: rows }, (_, i) => i);
  return permutation(rows, random).subarray(0, max).sort();
}

/**
 * The sampled rows of both sides, reference first, as a matrix: numbers as they are (±∞ and text that
 * is not a number = missing), categories as codes by frequency over both sides.
 */
export function encodeDomain(
  reference: ColumnSource,
  current: ColumnSource,
  features: readonly { name: string; kind: ColumnKind }[],
  picks: { reference: Uint32Array; current: Uint32Array },
): DomainData {
  const nRef = picks.reference.length;
  const rows = nRef + picks.current.length;
  const width = features.length;
  const x = new Float64Array(rows * width);
  const columns: DomainColumn[] = [];
  features.forEach((feature, f) => {
    const sides = [
      { values: reference.column(feature.name), rows: picks.reference, offset: 0 },
      { values: current.column(feature.name), rows: picks.current, offset: nRef },
    ];
    if (feature.kind === 'numeric') {
      for (const side of sides) {
        side.rows.forEach((row, i) => {
          const v = side.values ? toNumber(valueAt(side.values, row)) : Number.NaN;
          x[(side.offset + i) * width + f] = Number.isFinite(v) ? v : Number.NaN;
        });
      }
      columns.push({ name: feature.name, kind: 'numeric' });
      return;
    }
    const labels: (string | null)[] = new Array(rows);
    const counts = new Map<string, number>();
    for (const side of sides) {
      side.rows.forEach((row, i) => {
        const v = side.values ? valueAt(side.values, row) : null;
        const label = isPresent(v) ? String(v) : null;
        labels[side.offset + i] = label;
        if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
      });
    }
    // Codes by descending frequency (ties by label), so the encoding does not depend on which side came first.
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const codes = new Map(ranked.map(([label], i) => [label, Math.min(i, MAX_CODES - 1)]));
    for (let r = 0; r < rows; r++) {
      const label = labels[r];
      x[r * width + f] = label === null || label === undefined ? Number.NaN : (codes.get(label) as number);
    }
    columns.push({
      name: feature.name,
      kind: 'categorical',
      categories: Math.max(1, Math.min(ranked.length, MAX_CODES)),
    });
  });
  const y = new Float64Array(rows);
  y.fill(1, nRef);
  return { x, rows, width, columns, y };
}

/** The rows `index` of `data` (a fold). */
export function takeRows(data: DomainData, index: ArrayLike<number>): DomainData {
  const { width } = data;
  const x = new Float64Array(index.length * width);
  const y = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) {
    const r = index[i] as number;
    x.set(data.x.subarray(r * width, (r + 1) * width), i * width);
    y[i] = data.y[r] as number;
  }
  return { x, rows: index.length, width, columns: data.columns, y };
}
