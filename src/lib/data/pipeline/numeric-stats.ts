/** Present (non-NaN) values of a numeric column, as a new Float64Array. */
export function presentValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out;
}

export function mean(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (as scikit-learn's StandardScaler). */
export function std(values: Float64Array, center = mean(values)): number {
  if (values.length === 0) return Number.NaN;
  let ss = 0;
  for (const v of values) ss += (v - center) * (v - center);
  return Math.sqrt(ss / values.length);
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

export function median(values: Float64Array): number {
  return quantileSorted(values.slice().sort(), 0.5);
}

export function minMax(values: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length === 0 ? [Number.NaN, Number.NaN] : [min, max];
}
