/** Index of the first value that is NaN or ±Infinity, or -1 when every value is finite. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    // `v - v` is NaN exactly for NaN and ±Infinity: one subtraction instead of a call per value.
    const v = values[i] as number;
    if (v - v !== 0) return i;
  }
  return -1;
}

/** How many values are NaN or ±Infinity. */
export function countNonFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v !== 0) n++;
  }
  return n;
}
