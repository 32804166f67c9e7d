import type { Sample } from './stats/binning.js';
import type { ColumnKind, SideSummary } from './types.js';

/** A column's usable values plus how many were missing (null, NaN, ±Infinity, unparsable). */
export interface ColumnValues {
  sample: Sample;
  summary: SideSummary;
}

/**
 * Memory for one side's numeric samples, reused column after column: `computeDrift` holds a single
 * column's samples at a time, so a 1M-row run needs one 8 MB buffer per side instead of a fresh one
 * per column left to the garbage collector. Each `take` is a new view of it.
 */
export class SampleBuffer {
  private buffer = new ArrayBuffer(0);

  /** A Float64Array of `length` over the reused memory (the previous column's sample is overwritten). */
  take(length: number): Float64Array {
    if (this.buffer.byteLength < length * 8) this.buffer = new ArrayBuffer(length * 8);
    return new Float64Array(this.buffer, 0, length);
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** The finite values of a numeric column, sorted (a fresh array: the caller's is never reordered). */
function finiteSorted(values: ArrayLike<unknown>, buffer: SampleBuffer | undefined): Float64Array {
  const rows = values.length;
  const out = buffer ? buffer.take(rows) : new Float64Array(rows);
  let n = 0;
  if (values instanceof Float64Array) {
    // Typed columns (CSV/Parquet ingest, benchmarks): no per-value conversion.
    for (let i = 0; i < rows; i++) {
      const v = values[i] as number;
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
  return out.subarray(0, n).sort();
}

const isPresent = (v: unknown): boolean =>
  v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v));

/** The present values of a categorical column as strings (a copy: the caller may change its array later). */
function presentStrings(values: ArrayLike<unknown>): string[] {
  if (Array.isArray(values) && values.every((v) => typeof v === 'string' && v !== '')) return values as string[];
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresent(v)) out.push(typeof v === 'string' ? v : String(v));
  }
  return out;
}

/** Drops missing and infinite values (Evidently replaces ±inf by NaN, then drops NaN). */
export function columnValues(values: ArrayLike<unknown>, kind: ColumnKind, buffer?: SampleBuffer): ColumnValues {
  const rows = values.length;
  if (kind === 'numeric') {
    const sorted = finiteSorted(values, buffer);
    return { sample: { kind, values: sorted }, summary: summary(rows, sorted.length) };
  }
  const strings = presentStrings(values);
  return { sample: { kind, values: strings }, summary: summary(rows, strings.length) };
}

function summary(rows: number, present: number): SideSummary {
  const missing = rows - present;
  return { rows, missing, missingShare: rows === 0 ? 0 : missing / rows };
}
