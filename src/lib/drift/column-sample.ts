import type { Sample } from './stats/binning.js';
import type { ColumnKind, SideSummary } from './types.js';

/** A column's usable values plus how many were missing (null, NaN, ±Infinity, unparsable). */
export interface ColumnValues {
  sample: Sample;
  summary: SideSummary;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** Drops missing and infinite values (Evidently replaces ±inf by NaN, then drops NaN). */
export function columnValues(values: ArrayLike<unknown>, kind: ColumnKind): ColumnValues {
  const rows = values.length;
  if (kind === 'numeric') {
    const out = new Float64Array(rows);
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const v = toNumber(values[i]);
      if (Number.isFinite(v)) out[n++] = v;
    }
    return { sample: { kind, values: out.subarray(0, n) }, summary: summary(rows, n) };
  }
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) continue;
    out.push(typeof v === 'string' ? v : String(v));
  }
  return { sample: { kind, values: out }, summary: summary(rows, out.length) };
}

function summary(rows: number, present: number): SideSummary {
  const missing = rows - present;
  return { rows, missing, missingShare: rows === 0 ? 0 : missing / rows };
}
