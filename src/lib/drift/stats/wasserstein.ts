import { sortedValues } from './sorted.js';

/** Mean and population standard deviation (numpy's `np.std`, ddof = 0), with compensated sums. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const mean = (sum + comp) / n;
  let ss = 0;
  let c2 = 0;
  for (let i = 0; i < n; i++) {
    const d = ((values[i] as number) - mean) ** 2;
    const t = ss + d;
    c2 += ss >= d ? ss - t + d : d - t + ss;
    ss = t;
  }
  return Math.sqrt((ss + c2) / n);
}

/** Wasserstein-1 distance between two empirical distributions given as SORTED arrays (scipy's). */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = Math.min(a[0] as number, b[0] as number);
  while (i < na || j < nb) {
    const v = j >= nb || (i < na && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    total += Math.abs(i / na - j / nb) * (v - prev);
    while (i < na && (a[i] as number) <= v) i++;
    while (j < nb && (b[j] as number) <= v) j++;
    prev = v;
  }
  return total;
}

export interface WassersteinResult {
  statistic: number;
  distance: number;
  referenceStd: number;
}

/** Evidently's normed Wasserstein: W1(reference, current) / max(std(reference), 0.001). */
export function wassersteinNormed(reference: Float64Array, current: Float64Array): WassersteinResult {
  const a = sortedValues(reference);
  const b = sortedValues(current);
  const distance = wassersteinSorted(a, b);
  const referenceStd = populationStd(a);
  return { statistic: distance / Math.max(referenceStd, 0.001), distance, referenceStd };
}
