import { z } from 'zod';
import { coerceDatetime } from '../coerce.js';
import { type DatetimePart, datetimePart } from '../datetime-parts.js';
import { fitNumeric } from '../pipeline/fit-numeric.js';
import type { PipelineFeatureOf } from '../pipeline/types.js';
import { checkNumberColumn } from './check-values.js';
import type { FeatureKind } from './kind.js';
import { checked, mapNumbers, scaled } from './number-values.js';
import { expected, MAX_ABS_NUMBER } from './request-value.js';

const plural = 'dates';

/** ISO date-times or epoch ms, read in UTC: one column per derived part (year, month, ...), scaled for the MLP. */
export const datetimeKind: FeatureKind<PipelineFeatureOf<'datetime'>, number | undefined> = {
  type: 'datetime',
  plural,
  coerce: coerceDatetime,
  fit(contract, values, { na, preprocess }) {
    const ms = mapNumbers(values, coerceDatetime, na);
    const parts = (contract.parts ?? ['year']) as DatetimePart[];
    return {
      name: contract.name,
      kind: 'datetime',
      parts: parts.map((part) => ({
        part,
        step: fitNumeric(
          ms.map((m) => datetimePart(m, part)),
          preprocess.numeric,
        ),
      })),
    };
  },
  outputNames: (feature) => feature.parts.map((p) => `${feature.name}.${p.part}`),
  width: (feature) => feature.parts.length,
  encode(feature, value, out, at, na, report) {
    const ms = checked(coerceDatetime(value, na), value, report, 'a date');
    let i = at;
    for (const p of feature.parts) out[i++] = scaled(p.step, datetimePart(ms, p.part));
  },
  ordinalColumns: (feature) => feature.parts.map((p) => ({ name: `${feature.name}.${p.part}`, kind: 'numeric' })),
  encodeOrdinal(feature, value, out, at, na) {
    const ms = coerceDatetime(value, na) ?? Number.NaN;
    let i = at;
    for (const p of feature.parts) out[i++] = datetimePart(ms, p.part);
  },
  check: (contract, values, { na }) => checkNumberColumn(contract, values, na, coerceDatetime, plural, false),
  requestSchema() {
    const iso = z
      .string()
      .max(64, { error: 'expected an ISO 8601 date-time' })
      .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'expected an ISO 8601 date-time' });
    return z
      .union([iso, z.number().min(-MAX_ABS_NUMBER).max(MAX_ABS_NUMBER)], {
        error: expected('an ISO 8601 date-time string or epoch milliseconds'),
      })
      .describe('Date-time feature: ISO 8601 string or epoch milliseconds.');
  },
  requestAccepts: () => (v) =>
    typeof v === 'string'
      ? v.length <= 64 && !Number.isNaN(Date.parse(v))
      : typeof v === 'number' && v >= -MAX_ABS_NUMBER && v <= MAX_ABS_NUMBER,
  warning: () => null,
  example: () => '2024-01-01T00:00:00Z',
};
