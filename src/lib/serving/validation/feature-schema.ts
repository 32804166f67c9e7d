import type { z } from 'zod';
import type { FeatureContract } from '../../contracts.js';
import { featureKind, type ValidationPolicy } from '../../data/index.js';

export { MAX_ABS_NUMBER, MAX_STRING_LENGTH, type ValidationPolicy } from '../../data/index.js';

/** The zod schema of one feature value, built from the bundle's schema.json contract. */
export function featureSchema(f: FeatureContract, policy: ValidationPolicy): z.ZodType {
  const schema = featureKind(f.type).requestSchema(f, policy);
  return f.required ? schema : schema.nullable().optional();
}
