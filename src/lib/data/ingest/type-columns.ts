import type { FeatureType } from '../../contracts.js';
import { coerceBoolean, coerceDatetime, looksBoolean } from '../coerce.js';
import { DictionaryColumn } from './dictionary-column.js';

export type RawColumn = Float64Array | DictionaryColumn | (string | null)[];

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
    declared ?? (isNumbers ? 'numeric' : looksBoolean(textOf(column)) ? 'boolean' : 'categorical');
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

/** The distinct text of a dictionary column (enough to decide `looksBoolean`), or the plain values. */
function textOf(column: DictionaryColumn | (string | null)[]): readonly (string | null)[] {
  return column instanceof DictionaryColumn ? column.values : column;
}

function convert(
  column: RawColumn,
  type: FeatureType,
  coerce: (v: unknown) => number | undefined,
): { values: RawColumn; type: FeatureType; converted: boolean } {
  const out = new Float64Array(column.length);
  if (column instanceof DictionaryColumn) {
    // Each distinct value is converted once; every one occurs in some row.
    const converted = column.values.map((v) => coerce(v));
    if (converted.includes(undefined)) return { values: column, type, converted: false };
    const { codes } = column;
    for (let i = 0; i < codes.length; i++) out[i] = converted[codes[i] as number] as number;
    return { values: out, type, converted: true };
  }
  for (let i = 0; i < column.length; i++) {
    const v = coerce(column[i] ?? null);
    if (v === undefined) return { values: column, type, converted: false };
    out[i] = v;
  }
  return { values: out, type, converted: true };
}
