import { type Sample, sturgesCounts } from './stats/binning.js';
import { pairedCounts } from './stats/frequencies.js';
import type { ColumnChart } from './types.js';

const MAX_CATEGORIES = 20;

function shares(counts: Float64Array, total: number): number[] {
  return Array.from(counts, (c) => (total === 0 ? 0 : c / total));
}

/** Reference and current shares per Sturges bin (numeric) or per value (top 20, rest as "(other)"). */
export function chartData(reference: Sample, current: Sample): ColumnChart {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    if (reference.values.length + current.values.length === 0)
      return { kind: 'numeric', edges: [], reference: [], current: [] };
    const binned = sturgesCounts(reference.values, current.values);
    return {
      kind: 'numeric',
      edges: Array.from(binned.edges),
      reference: shares(binned.reference, reference.values.length),
      current: shares(binned.current, current.values.length),
    };
  }
  const counts = pairedCounts(reference.values, current.values);
  const order = counts.keys
    .map((key, i) => ({ key: String(key), r: counts.reference[i] as number, c: counts.current[i] as number }))
    .sort((a, b) => b.r + b.c - (a.r + a.c) || (a.key < b.key ? -1 : 1));
  const top = order.slice(0, MAX_CATEGORIES);
  const rest = order.slice(MAX_CATEGORIES);
  if (rest.length > 0)
    top.push({
      key: '(other)',
      r: rest.reduce((s, x) => s + x.r, 0),
      c: rest.reduce((s, x) => s + x.c, 0),
    });
  const nr = reference.values.length;
  const nc = current.values.length;
  return {
    kind: 'categorical',
    categories: top.map((x) => x.key),
    reference: top.map((x) => (nr === 0 ? 0 : x.r / nr)),
    current: top.map((x) => (nc === 0 ? 0 : x.c / nc)),
  };
}
