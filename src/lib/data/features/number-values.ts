import type { NumericStep } from '../pipeline/types.js';
import type { IssueReporter } from './kind.js';

/** A column coerced to float64 (NaN = missing or not of the type); a Float64Array column is used as is. */
export function mapNumbers(
  values: ArrayLike<unknown>,
  coerce: (value: unknown, na: ReadonlySet<string>) => number | undefined,
  na: ReadonlySet<string>,
): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = coerce(values[i], na) ?? Number.NaN;
  return out;
}

/** Largest float32: bigger values would become Infinity in a Float32Array. */
const F32_MAX = 3.4028234663852886e38;

/** `v` clamped to the float32 range (NaN stays NaN, -0 stays -0). */
export function clampF32(v: number): number {
  return Math.min(F32_MAX, Math.max(-F32_MAX, v));
}

/** Imputes then scales one value with a fitted step, clamped to the float32 range. */
export function scaled(step: NumericStep, v: number): number {
  return clampF32(((Number.isNaN(v) ? step.impute : v) - step.center) / step.scale);
}

/** A coerced value for the one-hot path: reports a wrong type or a missing value; both become NaN (imputed). */
export function checked(v: number | undefined, raw: unknown, report: IssueReporter, expected: string): number {
  if (v === undefined) {
    report('type', `expected ${expected}, got ${JSON.stringify(raw)}; imputed`);
    return Number.NaN;
  }
  if (Number.isNaN(v)) report('missing', 'missing; imputed');
  return v;
}
