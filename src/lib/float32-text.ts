/**
 * Float32 values as their shortest decimal text: the fewest significant digits (at most 9) that read back,
 * as a double rounded to float32, to the same float32 — the digits numpy gives a float32 (`0.33333334`),
 * where `String()` of the double a float32 widens to gives up to 17 (`0.3333333432674408`). An MLP's
 * probabilities are float32 numbers: `mlx predict`'s CSV and NDJSON files write them this way.
 */

/** Powers of ten that are exact doubles (10⁰ … 10²²). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Whether the k-place decimal nearest `a` reads back (as a double rounded to float32) to `a`. */
function readsBack(a: number, k: number): boolean {
  const p = POW10[k] as number;
  return Math.fround(Math.round(a * p) / p) === a;
}

/**
 * Where {@link float32Places} applies: 1e-13 ≤ |v| < 1e15, so that 9 significant digits need at most 22
 * decimal places (10²² is the last exact power of ten) and the digits stay below 2⁵³.
 */
export function inPlacesRange(a: number): boolean {
  return a >= 1e-13 && a < 1e15;
}

/**
 * The decimal places k of the shortest decimal that reads back to the float32 `a` (in
 * {@link inPlacesRange}), or -1 when none of up to 22 places does (`a` is not a float32). If k places read
 * back, k + 1 do: the search starts at the places of 8 significant digits (most float32s need 7 to 9) and
 * walks down while they still read back, else up until they do. Each candidate d/10ᵏ is one correctly
 * rounded division of two exact doubles, so the check is exact: a rounding of `a`·10ᵏ in the search can
 * only cost a digit, never give a decimal that reads back to another float32.
 */
export function float32Places(a: number): number {
  let k = Math.min(22, Math.max(0, 7 - Math.floor(Math.log10(a))));
  if (readsBack(a, k)) {
    while (k > 0 && readsBack(a, k - 1)) k--;
    return k;
  }
  while (k < 22) if (readsBack(a, ++k)) return k;
  return -1;
}

/** The decimal's digits as an integer, `a`·10ᵏ rounded (the decimal is that integer over 10ᵏ). */
export function float32Digits(a: number, k: number): number {
  return Math.round(a * (POW10[k] as number));
}

/**
 * The float32 `v` as the double nearest its shortest decimal, whose `String()` and `JSON.stringify` are
 * that decimal (`0.33333334`, `6.4e-10`); `Math.fround` of it is `v`. Not finite, zero, or not a float32:
 * `v` itself.
 */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (!inPlacesRange(a)) return Number(exponentText(v));
  const k = float32Places(a);
  if (k < 0) return v;
  const s = float32Digits(a, k) / (POW10[k] as number);
  return v < 0 ? -s : s;
}

/**
 * Outside {@link inPlacesRange} (rare): the shortest of `toPrecision`'s texts that reads back to the
 * float32 `v` (`1e-30`, `3e+15`); `String(v)` when none of 1–9 digits does.
 */
export function exponentText(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === v) return t;
  }
  return String(v);
}
