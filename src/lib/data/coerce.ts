/**
 * Value coercion shared by ingest, validation and the pipeline (one implementation for files,
 * rows and HTTP instances). Convention: NaN / null = missing, `undefined` = not of the type.
 */
import { parseSlow } from './ingest/parse-number.js';

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** Whether a value counts as missing (null, undefined, NaN, blank, or an NA token). */
export function isMissing(value: unknown, na?: ReadonlySet<string>): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return value.trim() === '' || (na?.has(value) ?? false);
  return false;
}

/** A number; NaN when missing; undefined when not numeric. */
export function coerceNumber(value: unknown, na?: ReadonlySet<string>): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) || Number.isNaN(value) ? value : undefined;
  if (isMissing(value, na)) return Number.NaN;
  if (typeof value === 'string') {
    const parsed = parseSlow(value.trim());
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** 1 / 0; NaN when missing; undefined when not a boolean. */
export function coerceBoolean(value: unknown, na?: ReadonlySet<string>): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isMissing(value, na)) return Number.NaN;
  if (typeof value === 'number') return value === 1 ? 1 : value === 0 ? 0 : undefined;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    return TRUE.has(lower) ? 1 : FALSE.has(lower) ? 0 : undefined;
  }
  return undefined;
}

/** Epoch milliseconds (UTC); NaN when missing; undefined when not a date. */
export function coerceDatetime(value: unknown, na?: ReadonlySet<string>): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.isNaN(value) ? value : undefined;
  if (isMissing(value, na)) return Number.NaN;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // Date-only ISO strings are UTC in JS; a bare year ("1970") too.
  const ms = /^\d{4}$/.test(text) ? Date.UTC(Number(text), 0, 1) : Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A category label; null when missing. */
export function coerceCategory(value: unknown, na?: ReadonlySet<string>): string | null {
  if (isMissing(value, na)) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Whether every present value of a text column reads as a boolean (and there is one). */
export function looksBoolean(values: readonly (string | null)[]): boolean {
  let seen = false;
  for (const v of values) {
    if (v === null) continue;
    const lower = v.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') return false;
    seen = true;
  }
  return seen;
}
