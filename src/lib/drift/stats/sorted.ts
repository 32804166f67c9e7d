import { sortFloat64 } from './sort-float64.js';

/** Whether `values` is in ascending order (NaN-free samples). */
export function isAscending(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}

/**
 * `values` in ascending order: the array itself when already sorted (drift samples are: every
 * statistic then shares the one sort of `columnValues`), else a sorted copy.
 */
export function sortedValues(values: Float64Array): Float64Array {
  return isAscending(values) ? values : sortFloat64(Float64Array.from(values));
}

/** Number of values < x (`side = 'left'`) or ≤ x (`'right'`) in a sorted array (numpy's searchsorted). */
export function searchSorted(sorted: Float64Array, x: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v < x || (side === 'right' && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
