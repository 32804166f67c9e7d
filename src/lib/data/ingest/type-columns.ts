import type { FeatureType } from '../../contracts.js';
import { coerceBoolean, coerceDatetime, looksBoolean } from '../coerce.js';

export type RawColumn = Float64Array | (string | null)[];

/**
 * Gives each raw column its type: the declared one, or inferred (numbers → numeric, only
 * true/false → boolean, anything else → categorical; datetime only when declared). Boolean and
 * datetime text becomes Float64 (0/1, epoch ms) when every value converts; when some do not, the
 * text is kept so validation can name the bad values.
 */
export function typeColumn(
  column: RawColumn,
  declared: FeatureType | undefined,
): { values: RawColumn; type: FeatureType; converted: boolean } {
  const isNumbers = column instanceof Float64Array;
  const type: FeatureType =
    declared ?? (isNumbers ? 'numeric' : looksBoolean(column as (string | null)[]) ? 'boolean' : 'categorical');
  switch (type) {
    case 'numeric':
      return { values: column, type, converted: isNumbers };
    case 'categorical':
      return { values: column, type, converted: true };
    case 'boolean':
      return convert(column, type, coerceBoolean);
    case 'datetime':
      return convert(column, type, coerceDatetime);
    default:
      return type satisfies never;
  }
}

function convert(
  column: RawColumn,
  type: FeatureType,
  coerce: (v: unknown) => number | undefined,
): { values: RawColumn; type: FeatureType; converted: boolean } {
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = coerce(column[i] ?? null);
    if (v === undefined) return { values: column, type, converted: false };
    out[i] = v;
  }
  return { values: out, type, converted: true };
}
