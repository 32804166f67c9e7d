import { z } from 'zod';
import { coerceBoolean } from '../coerce.js';
import type { PipelineFeatureOf } from '../pipeline/types.js';
import { checkNumberColumn } from './check-values.js';
import type { FeatureKind } from './kind.js';
import { checked, mapNumbers } from './number-values.js';
import { expected } from './request-value.js';

const plural = 'booleans (true/false, yes/no, 1/0)';

/** true/false (yes/no, 1/0): one 0/1 column, missing imputed with the majority for the MLP, NaN for trees. */
export const booleanKind: FeatureKind<PipelineFeatureOf<'boolean'>, number | undefined> = {
  type: 'boolean',
  plural,
  coerce: coerceBoolean,
  fit(contract, values, { na }) {
    let ones = 0;
    let present = 0;
    for (const v of mapNumbers(values, coerceBoolean, na)) {
      if (Number.isNaN(v)) continue;
      present++;
      ones += v;
    }
    return { name: contract.name, kind: 'boolean', impute: present > 0 && ones * 2 > present ? 1 : 0 };
  },
  outputNames: (feature) => [feature.name],
  width: () => 1,
  encode(feature, value, out, at, na, report) {
    const v = checked(coerceBoolean(value, na), value, report, 'true or false');
    out[at] = Number.isNaN(v) ? feature.impute : v;
  },
  ordinalColumns: (feature) => [{ name: feature.name, kind: 'numeric' }],
  encodeOrdinal(_feature, value, out, at, na) {
    out[at] = coerceBoolean(value, na) ?? Number.NaN;
  },
  check: (contract, values, { na }) => checkNumberColumn(contract, values, na, coerceBoolean, plural, false),
  requestSchema: () => z.boolean({ error: expected('true or false') }).describe('Boolean feature.'),
  requestAccepts: () => (v) => typeof v === 'boolean',
  warning: () => null,
  example: () => true,
};
