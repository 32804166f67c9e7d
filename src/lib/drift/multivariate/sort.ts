/** Indices of `values` in ascending order (a stable sort of the index). */
export function sortedIndex(values: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}
