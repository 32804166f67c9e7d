import type { z } from 'zod';
import type { FeatureContract } from '../../contracts.js';
import { actionFor, featureKind, type ValidationPolicy } from '../../data/index.js';

export { MAX_ABS_NUMBER, MAX_STRING_LENGTH, type ValidationPolicy } from '../../data/index.js';

/**
 * The zod schema of one feature value, built from the bundle's schema.json contract and the input
 * policy: a required feature's key must be present; its value may be null (imputed, with a warning)
 * unless the policy rejects missing values; an optional feature may be absent or null.
 */
export function featureSchema(f: FeatureContract, policy: ValidationPolicy): z.ZodType {
  const schema = featureKind(f.type).requestSchema(f, policy);
  const missing = actionFor('missing', f, policy);
  if (missing === 'reject') return schema;
  return f.required ? schema.nullable() : schema.nullable().optional();
}
