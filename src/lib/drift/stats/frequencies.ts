/** Value counts over the union of keys of two samples (Evidently's `value_counts` over shared keys). */
export interface PairedCounts {
  keys: (string | number)[];
  reference: Float64Array;
  current: Float64Array;
}

function count(values: ArrayLike<string | number>): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string | number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** Counts of every value seen in either sample, keys sorted by their string form. */
export function pairedCounts(reference: ArrayLike<string | number>, current: ArrayLike<string | number>): PairedCounts {
  const r = count(reference);
  const c = count(current);
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
