const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses `text[start, end)` as a decimal number, NaN when it is not one. The fast path (plain
 * decimals, ≤ 15 digits) divides two exact doubles, which IEEE rounds correctly — the same
 * value as `Number()`; anything else falls back to `Number()` behind a strict regex (no hex,
 * no "Infinity", no blanks).
 */
export function parseNumber(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) fraction++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      return parseSlow(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return digits === 0 ? Number.NaN : parseSlow(text.slice(start, end));
  const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number);
  return negative ? -value : value;
}

/** `Number()` restricted to plain decimal / scientific notation. */
export function parseSlow(text: string): number {
  return NUMBER_RE.test(text) ? Number(text) : Number.NaN;
}

/** Whether a whole string is a plain decimal number. */
export function isNumericString(text: string): boolean {
  return NUMBER_RE.test(text);
}
