/** Below this many values the built-in sort is as fast (no 64K-bucket histograms to clear and sum). */
const RADIX_MIN = 4096;

/**
 * Sorts `values` ascending in place, as `Float64Array.prototype.sort` does (−0 before +0), by an LSD radix
 * sort over the IEEE-754 bits: four passes of 16-bit digits instead of a comparison sort. A drift run sorts
 * every numeric column of both sides once (1M rows: ~4× faster than the built-in sort here). NaN is not
 * expected (callers keep finite values); it would sort after +Infinity or before −Infinity by its sign bit.
 * `scratch` (at least 2 × length words) is working memory a caller reuses across sorts; else one is allocated.
 */
export function sortFloat64(values: Float64Array, scratch?: Uint32Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // Order-preserving keys: negatives have every bit inverted, positives only the sign bit set.
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i] = ~(words[2 * i] as number);
      words[2 * i + 1] = ~hi;
    } else words[2 * i + 1] = hi | 0x80000000;
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i] as number;
    const hi = words[2 * i + 1] as number;
    (counts[lo & 0xffff] as number)++;
    (counts[65536 + (lo >>> 16)] as number)++;
    (counts[131072 + (hi & 0xffff)] as number)++;
    (counts[196608 + (hi >>> 16)] as number)++;
  }
  let src: Uint32Array = words;
  let dst: Uint32Array = scratch && scratch.length >= n * 2 ? scratch.subarray(0, n * 2) : new Uint32Array(n * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A digit shared by every value leaves the order as it is: skip its pass.
    let skip = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      if (c === n) skip = true;
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      counts[base + d] = sum;
      sum += c;
    }
    const word = pass < 2 ? 0 : 1;
    const shift = (pass & 1) * 16;
    for (let i = 0; i < n; i++) {
      const digit = ((src[2 * i + word] as number) >>> shift) & 0xffff;
      const at = counts[base + digit] as number;
      counts[base + digit] = at + 1;
      dst[2 * at] = src[2 * i] as number;
      dst[2 * at + 1] = src[2 * i + 1] as number;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== words) words.set(src);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) words[2 * i + 1] = hi & 0x7fffffff;
    else {
      words[2 * i] = ~(words[2 * i] as number);
      words[2 * i + 1] = ~hi;
    }
  }
  return values;
}
