import type { MlxConfig } from '../../config/index.js';
import { mean, minMax, presentValues, quantileSelect } from './numeric-stats.js';
import type { NumericStep } from './types.js';

type NumericConfig = MlxConfig['preprocess']['numeric'];

/**
 * Fits impute + scale on train values (NaN = missing). The scaler is fitted on the imputed
 * column, as scikit-learn's SimpleImputer → StandardScaler, so train comes out with mean 0, std 1.
 */
export function fitNumeric(values: ArrayLike<number>, config: NumericConfig): NumericStep {
  const present = presentValues(values);
  let impute: number;
  switch (config.impute) {
    case 'median':
      // `present` is our own copy: select in place.
      impute = quantileSelect(present, 0.5);
      break;
    case 'mean':
      impute = mean(present);
      break;
    case 'constant':
      impute = config.fill_value;
      break;
    default:
      impute = config.impute satisfies never;
  }
  if (Number.isNaN(impute)) impute = config.fill_value;
  const missing = values.length - present.length;
  switch (config.scale) {
    case 'standard': {
      // Moments of the imputed column without building it: the missing rows all equal `impute`.
      const n = values.length;
      const center = n === 0 ? 0 : (sum(present) + missing * impute) / n;
      // Deviations are divided by the largest one before squaring (as hypot does), so a column
      // with a tiny but real spread does not underflow to a wrong scale.
      let largest = missing > 0 ? Math.abs(impute - center) : 0;
      for (const v of present) largest = Math.max(largest, Math.abs(v - center));
      let ss = largest > 0 ? missing * ((impute - center) / largest) ** 2 : 0;
      if (largest > 0) for (const v of present) ss += ((v - center) / largest) ** 2;
      const spread = n === 0 ? 0 : largest * Math.sqrt(ss / n);
      return { impute, center, scale: isNearConstant(spread, center, n) ? 1 : spread };
    }
    case 'minmax': {
      let [min, max] = minMax(present);
      if (missing > 0 || present.length === 0) {
        min = Number.isNaN(min) ? impute : Math.min(min, impute);
        max = Number.isNaN(max) ? impute : Math.max(max, impute);
      }
      return { impute, center: min, scale: max > min ? max - min : 1 };
    }
    case 'none':
      return { impute, center: 0, scale: 1 };
    default:
      return config.scale satisfies never;
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * scikit-learn's rule for a constant feature: a spread within float64 rounding of the column's
 * magnitude is noise, so the column is centred but not scaled (no blown-up rounding errors).
 */
export function isNearConstant(spread: number, center: number, n: number): boolean {
  const eps = Number.EPSILON;
  const variance = spread * spread;
  return spread === 0 || variance <= n * eps * variance + (n * Math.abs(center) * eps) ** 2;
}
