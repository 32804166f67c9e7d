import { distinctUpTo, pairedCounts } from './frequencies.js';
import { searchSorted, sortedValues } from './sorted.js';

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

/** `histogram` of an ascending array: bin counts from binary searches of the edges, O(bins · log n). */
export function histogramSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let below = searchSorted(sorted, edges[0] as number, 'left');
  for (let i = 0; i < bins; i++) {
    // [e_i, e_i+1) except the last bin, which is closed.
    const upTo = searchSorted(sorted, edges[i + 1] as number, i === bins - 1 ? 'right' : 'left');
    counts[i] = upTo - below;
    below = upTo;
  }
  return counts;
}

/** Smallest and largest value of two samples (±Infinity when both are empty). */
export function rangeOf(a: Float64Array, b: Float64Array): [number, number] {
  const sa = sortedValues(a);
  const sb = sortedValues(b);
  const min = Math.min(sa[0] ?? Number.POSITIVE_INFINITY, sb[0] ?? Number.POSITIVE_INFINITY);
  const max = Math.max(sa[sa.length - 1] ?? Number.NEGATIVE_INFINITY, sb[sb.length - 1] ?? Number.NEGATIVE_INFINITY);
  return [min, max];
}

/** Sturges edges over both samples and each sample's counts per bin (numeric charts, PSI, Jensen–Shannon). */
export function sturgesCounts(
  reference: Float64Array,
  current: Float64Array,
): { edges: Float64Array; reference: Float64Array; current: Float64Array } {
  const [min, max] = rangeOf(reference, current);
  const edges = sturgesEdges(min, max, reference.length + current.length);
  return {
    edges,
    reference: histogramSorted(sortedValues(reference), edges),
    current: histogramSorted(sortedValues(current), edges),
  };
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
    const binned = sturgesCounts(reference.values, current.values);
    r = binned.reference;
    c = binned.current;
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
