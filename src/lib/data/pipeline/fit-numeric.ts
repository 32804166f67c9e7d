import type { MlxConfig } from '../../config/index.js';
import { mean, median, minMax, presentValues, std } from './numeric-stats.js';
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
      impute = median(present);
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
  const imputed = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    imputed[i] = Number.isNaN(v) ? impute : v;
  }
  switch (config.scale) {
    case 'standard': {
      const center = mean(imputed);
      const spread = std(imputed, center);
      return { impute, center: Number.isNaN(center) ? 0 : center, scale: spread > 0 ? spread : 1 };
    }
    case 'minmax': {
      const [min, max] = minMax(imputed);
      return { impute, center: Number.isNaN(min) ? 0 : min, scale: max > min ? max - min : 1 };
    }
    case 'none':
      return { impute, center: 0, scale: 1 };
    default:
      return config.scale satisfies never;
  }
}
