import { coerceCategory } from './coerce.js';

/**
 * Counts of each label of a column (values as `coerceCategory` reads them) and of missing ones.
 * Counts raw values first, so a million interned strings cost a million Map hits, not a million
 * coercions; distinct raw values are then folded into labels.
 */
export function countLabels(
  values: ArrayLike<unknown>,
  na?: ReadonlySet<string>,
): { counts: Map<string, number>; missing: number } {
  const raw = new Map<unknown, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    raw.set(v, (raw.get(v) ?? 0) + 1);
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (const [value, count] of raw) {
    const label = coerceCategory(value, na);
    if (label === null) missing += count;
    else counts.set(label, (counts.get(label) ?? 0) + count);
  }
  return { counts, missing };
}
