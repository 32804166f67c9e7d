import { DictionaryColumn } from '../data/index.js';
import type { Sample } from './stats/binning.js';
import { sortFloat64 } from './stats/sort-float64.js';
import type { ColumnKind, SideSummary } from './types.js';

/** A column's usable values plus how many were missing (null, NaN, ±Infinity, unparsable). */
export interface ColumnValues {
  sample: Sample;
  summary: SideSummary;
  /** Categorical samples read from dictionary codes: their value counts, counted on the codes. */
  counts?: Map<string | number, number>;
}

/**
 * Memory for one side's numeric samples, reused column after column: `computeDrift` holds a single
 * column's samples at a time, so a 1M-row run needs one 8 MB buffer per side instead of a fresh one
 * per column left to the garbage collector. Each `take` is a new view of it.
 */
export class SampleBuffer {
  private buffer = new ArrayBuffer(0);
  private spare = new ArrayBuffer(0);

  /** A Float64Array of `length` over the reused memory (the previous column's sample is overwritten). */
  take(length: number): Float64Array {
    if (this.buffer.byteLength < length * 8) this.buffer = new ArrayBuffer(length * 8);
    return new Float64Array(this.buffer, 0, length);
  }

  /** Reused working memory for sorting a sample of `length` values (the radix sort's second array). */
  scratch(length: number): Uint32Array {
    if (this.spare.byteLength < length * 8) this.spare = new ArrayBuffer(length * 8);
    return new Uint32Array(this.spare, 0, length * 2);
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** The finite values of a numeric column, sorted (a fresh array: the caller's is never reordered). */
function finiteSorted(values: ArrayLike<unknown> | DictionaryColumn, buffer: SampleBuffer | undefined): Float64Array {
  const rows = values.length;
  const out = buffer ? buffer.take(rows) : new Float64Array(rows);
  let n = 0;
  if (values instanceof Float64Array) {
    // Typed columns (CSV/Parquet ingest, benchmarks): no per-value conversion.
    for (let i = 0; i < rows; i++) {
      const v = values[i] as number;
      if (v - v === 0) out[n++] = v;
    }
  } else if (values instanceof DictionaryColumn) {
    // Text in a numeric column (ingest keeps it when some value is not a number): each distinct value once.
    const numbers = values.values.map(toNumber);
    for (let i = 0; i < rows; i++) {
      const v = numbers[values.codes[i] as number] as number;
      if (v - v === 0) out[n++] = v;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const v = toNumber(values[i]);
      if (Number.isFinite(v)) out[n++] = v;
    }
  }
  // Every numeric statistic here is order-free, so the sample is kept sorted: KS, Wasserstein, the
  // histograms and the distinct counts then share one sort per column and side.
  return sortFloat64(out.subarray(0, n), buffer?.scratch(n));
}

const isPresent = (v: unknown): boolean =>
  v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v));

/** A category label: the value as text. */
const labelOf = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** The present values of a categorical column as strings (a copy: the caller may change its array later). */
function presentStrings(values: ArrayLike<unknown>): string[] {
  if (Array.isArray(values) && values.every((v) => typeof v === 'string' && v !== '')) return values as string[];
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) out.push(labelOf(v));
  }
  return out;
}

/** The present values of a dictionary-coded column, and their counts taken on the codes (no string hashing). */
function presentCoded(column: DictionaryColumn): { values: string[]; counts: Map<string | number, number> } {
  const labels = column.values.map((v) => (isPresent(v) ? labelOf(v) : null));
  const perCode = new Float64Array(labels.length);
  const { codes } = column;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    perCode[code] = (perCode[code] as number) + 1;
  }
  const counts = new Map<string | number, number>();
  let present = 0;
  labels.forEach((label, code) => {
    const n = perCode[code] as number;
    if (label === null || n === 0) return;
    counts.set(label, (counts.get(label) ?? 0) + n);
    present += n;
  });
  const values: string[] = new Array(present);
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const label = labels[codes[i] as number];
    if (label !== null && label !== undefined) values[n++] = label;
  }
  return { values, counts };
}

export interface ColumnValueOptions {
  /** Reused memory for numeric samples. */
  buffer?: SampleBuffer | undefined;
}

/** Drops missing and infinite values (Evidently replaces ±inf by NaN, then drops NaN). */
export function columnValues(
  values: ArrayLike<unknown> | DictionaryColumn,
  kind: ColumnKind,
  options: ColumnValueOptions = {},
): ColumnValues {
  const rows = values.length;
  if (kind === 'numeric') {
    const sorted = finiteSorted(values, options.buffer);
    return { sample: { kind, values: sorted }, summary: summary(rows, sorted.length) };
  }
  if (values instanceof DictionaryColumn) {
    const coded = presentCoded(values);
    return {
      sample: { kind, values: coded.values },
      summary: summary(rows, coded.values.length),
      counts: coded.counts,
    };
  }
  const strings = presentStrings(values);
  return { sample: { kind, values: strings }, summary: summary(rows, strings.length) };
}

function summary(rows: number, present: number): SideSummary {
  const missing = rows - present;
  return { rows, missing, missingShare: rows === 0 ? 0 : missing / rows };
}
