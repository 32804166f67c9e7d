import { z } from 'zod';
import { coerceNumber } from '../coerce.js';
import { fitNumeric } from '../pipeline/fit-numeric.js';
import type { PipelineFeatureOf } from '../pipeline/types.js';
import { checkNumberColumn } from './check-values.js';
import type { FeatureKind, IssueReporter } from './kind.js';
import { checked, clampF32, mapNumbers, scaled } from './number-values.js';
import { actionFor } from './policy.js';
import { expected, MAX_ABS_NUMBER, rangeText } from './request-value.js';

const plural = 'numbers';

/** Numbers: imputed and scaled for the MLP (one column), the raw value for trees. */
export const numericKind: FeatureKind<PipelineFeatureOf<'numeric'>, number | undefined> = {
  type: 'numeric',
  plural,
  coerce: coerceNumber,
  fit(contract, values, { na, preprocess }) {
    return {
      name: contract.name,
      kind: 'numeric',
      impute_strategy: preprocess.numeric.impute,
      step: fitNumeric(mapNumbers(values, coerceNumber, na), preprocess.numeric),
    };
  },
  outputNames: (feature) => [feature.name],
  width: () => 1,
  encode(feature, value, out, at, na, report) {
    out[at] = scaled(feature.step, checked(coerceNumber(value, na), value, report, 'a number'));
  },
  encodeNumbers(feature, values, rows, out, { width, offset }, report) {
    const step = feature.step;
    const { center, scale } = step;
    for (let row = 0, at = offset; row < rows; row++, at += width) {
      const value = values[row] as number;
      // A finite number needs no check (most cells): scaled inline, nothing allocated; NaN (missing) and
      // ±Infinity take encode's path.
      out[at] = Number.isFinite(value)
        ? clampF32((value - center) / scale)
        : scaled(step, checked(coerceNumber(value), value, rowReporter(report, row), 'a number'));
    }
  },
  ordinalColumns: (feature) => [{ name: feature.name, kind: 'numeric' }],
  encodeOrdinal(_feature, value, out, at, na) {
    out[at] = coerceNumber(value, na) ?? Number.NaN;
  },
  check: (contract, values, { na }) => checkNumberColumn(contract, values, na, coerceNumber, plural, true),
  requestSchema(f, policy) {
    let schema = z
      .number({ error: expected('a finite number') })
      .min(-MAX_ABS_NUMBER, { error: `expected a number of magnitude at most ${MAX_ABS_NUMBER}` })
      .max(MAX_ABS_NUMBER, { error: `expected a number of magnitude at most ${MAX_ABS_NUMBER}` });
    if (actionFor('out_of_range', f, policy) === 'reject') {
      if (f.min !== null) schema = schema.min(f.min, { error: `expected a number in ${rangeText(f)}` });
      if (f.max !== null) schema = schema.max(f.max, { error: `expected a number in ${rangeText(f)}` });
    }
    const soft = f.limits === 'soft' ? ' (observed; outside it only warns)' : '';
    const range = f.min !== null || f.max !== null ? ` Training range ${rangeText(f)}${soft}.` : '';
    return schema.describe(`Numeric feature.${range}`);
  },
  requestAccepts(f, policy) {
    const reject = actionFor('out_of_range', f, policy) === 'reject';
    const lo = reject && f.min !== null ? Math.max(f.min, -MAX_ABS_NUMBER) : -MAX_ABS_NUMBER;
    const hi = reject && f.max !== null ? Math.min(f.max, MAX_ABS_NUMBER) : MAX_ABS_NUMBER;
    // NaN fails both comparisons, as it fails z.number().
    return (v) => typeof v === 'number' && v >= lo && v <= hi;
  },
  warning(f, policy) {
    if (actionFor('out_of_range', f, policy) !== 'warn' || (f.min === null && f.max === null)) return null;
    const { min, max } = f;
    return (v) =>
      typeof v === 'number' && ((min !== null && v < min) || (max !== null && v > max)) ? 'out_of_range' : null;
  },
  example: (f) =>
    f.min !== null && f.max !== null ? Number(((f.min + f.max) / 2).toPrecision(4)) : (f.min ?? f.max ?? 0),
};

/** `report` for one row (made only for a cell that has a problem). */
function rowReporter(
  report: (row: number, kind: Parameters<IssueReporter>[0], message: string) => void,
  row: number,
): IssueReporter {
  return (kind, message) => report(row, kind, message);
}
