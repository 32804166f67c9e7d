import { distinctUpTo, pairedCounts } from './frequencies.js';

/** One sample of a column with NaN/±Infinity already dropped. */
export type Sample = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; values: readonly string[] };

/** numpy's `histogram_bin_edges(values, bins='sturges')`. */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  let first = min;
  let last = max;
  const ptp = max - min;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = ptp / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = step === 0 ? (i / bins) * (last - first) + first : i * step + first;
  edges[bins] = last;
  return edges;
}

/** numpy's `histogram(values, edges)[0]`: [e_i, e_i+1) bins, the last one closed. */
export function histogram(values: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const lo = edges[0] as number;
  const hi = edges[bins] as number;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x < lo || x > hi) continue;
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if ((edges[mid] as number) <= x) a = mid;
      else b = mid;
    }
    counts[a] = (counts[a] as number) + 1;
  }
  return counts;
}

function minMax(...arrays: Float64Array[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const a of arrays)
    for (let i = 0; i < a.length; i++) {
      const v = a[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  return [min, max];
}

/** Replaces zero shares as Evidently does: 0.0001, or min/1e6 when the smallest share is ≤ 0.0001. */
function fillZeroes(p: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  for (const v of p) if (v !== 0 && v < min) min = v;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  for (let i = 0; i < p.length; i++) if (p[i] === 0) p[i] = fill;
}

/**
 * Evidently's `get_binned_data`: shares per Sturges bin over the combined data for numeric samples whose
 * reference has > 20 distinct values, otherwise shares per distinct value; optionally zero-filled.
 */
export function binnedShares(
  reference: Sample,
  current: Sample,
  fillZeros: boolean,
): { reference: Float64Array; current: Float64Array } {
  let r: Float64Array;
  let c: Float64Array;
  if (reference.kind === 'numeric' && current.kind === 'numeric' && distinctUpTo(20, reference.values) > 20) {
    const [min, max] = minMax(reference.values, current.values);
    const edges = sturgesEdges(min, max, reference.values.length + current.values.length);
    r = histogram(reference.values, edges);
    c = histogram(current.values, edges);
  } else {
    const counts = pairedCounts(reference.values, current.values);
    r = counts.reference;
    c = counts.current;
  }
  const nr = reference.values.length;
  const nc = current.values.length;
  for (let i = 0; i < r.length; i++) r[i] = (r[i] as number) / nr;
  for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) / nc;
  if (fillZeros) {
    fillZeroes(r);
    fillZeroes(c);
  }
  return { reference: r, current: c };
}
