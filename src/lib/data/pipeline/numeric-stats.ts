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

/** Linear-interpolated quantile (numpy's default) by selection, O(n): reorders `work` in place. */
export function quantileSelect(work: Float64Array, q: number): number {
  const n = work.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const a = select(work, lo);
  if (pos === lo) return a;
  // After selecting lo, everything right of it is ≥ it: the next value is their minimum.
  let b = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < n; i++) if ((work[i] as number) < b) b = work[i] as number;
  return a + (b - a) * (pos - lo);
}

export function median(values: Float64Array): number {
  return quantileSelect(values.slice(), 0.5);
}

/** Hoare's selection: puts the k-th smallest value at index k and returns it. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k] as number;
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
