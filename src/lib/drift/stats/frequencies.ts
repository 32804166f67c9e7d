/** Value counts over the union of keys of two samples (Evidently's `value_counts` over shared keys). */
export interface PairedCounts {
  keys: (string | number)[];
  reference: Float64Array;
  current: Float64Array;
}

/** Arrays that do not change while a column is evaluated (drift samples), whose counts may be reused. */
const frozen = new WeakSet<object>();
/** Counts of frozen arrays: a column's tests, PSI and chart share one counting pass per side. */
const memo = new WeakMap<object, Map<string | number, number>>();

/** Declares that `values` will not change until `thawSample`, so its counts may be cached meanwhile. */
export function freezeSample<T extends object>(values: T): T {
  frozen.add(values);
  return values;
}

/** Ends `freezeSample`: drops the cached counts (the caller may change or reuse the array afterwards). */
export function thawSample(values: object): void {
  frozen.delete(values);
  memo.delete(values);
}

/** Gives a frozen array its counts, taken another way (e.g. on dictionary codes), so they are not counted again. */
export function primeCounts(values: object, counts: Map<string | number, number>): void {
  if (frozen.has(values)) memo.set(values, counts);
}

/** How often each value occurs (counted once per frozen array). */
export function valueCounts(values: ArrayLike<string | number>): Map<string | number, number> {
  const cached = memo.get(values);
  if (cached) return cached;
  const counts = new Map<string | number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string | number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (frozen.has(values)) memo.set(values, counts);
  return counts;
}

/** Counts of every value seen in either sample, keys sorted by their string form. */
export function pairedCounts(reference: ArrayLike<string | number>, current: ArrayLike<string | number>): PairedCounts {
  const r = valueCounts(reference);
  const c = valueCounts(current);
  const keys = [...new Set([...r.keys(), ...c.keys()])].sort((a, b) =>
    String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  return {
    keys,
    reference: Float64Array.from(keys, (k) => r.get(k) ?? 0),
    current: Float64Array.from(keys, (k) => c.get(k) ?? 0),
  };
}

/** Number of distinct values, counting at most `limit + 1` (enough to compare with a limit). */
export function distinctUpTo(limit: number, ...samples: ArrayLike<string | number>[]): number {
  const seen = new Set<string | number>();
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      seen.add(s[i] as string | number);
      if (seen.size > limit) return seen.size;
    }
  }
  return seen.size;
}
