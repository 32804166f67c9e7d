import { z } from 'zod';
import type { FeatureContract } from '../../contracts.js';

export interface ValidationPolicy {
  onUnknownCategory: 'reject' | 'warn';
  onOutOfRange: 'reject' | 'warn';
}

/** Longest string accepted for a categorical value (longer is never a real category). */
export const MAX_STRING_LENGTH = 256;
/** Numbers beyond this magnitude are rejected whatever the policy: no feature is measured in them. */
export const MAX_ABS_NUMBER = 1e15;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `required; expected ${what}` : `expected ${what}, got ${kindOf(issue.input)}`;

function rangeText(f: FeatureContract): string {
  return `[${f.min ?? '-inf'}, ${f.max ?? 'inf'}]`;
}

function numeric(f: FeatureContract, policy: ValidationPolicy): z.ZodType {
  let schema = z
    .number({ error: expected('a finite number') })
    .min(-MAX_ABS_NUMBER, { error: `expected a number of magnitude at most ${MAX_ABS_NUMBER}` })
    .max(MAX_ABS_NUMBER, { error: `expected a number of magnitude at most ${MAX_ABS_NUMBER}` });
  if (policy.onOutOfRange === 'reject') {
    if (f.min !== null) schema = schema.min(f.min, { error: `expected a number in ${rangeText(f)}` });
    if (f.max !== null) schema = schema.max(f.max, { error: `expected a number in ${rangeText(f)}` });
  }
  const range = f.min !== null || f.max !== null ? ` Training range ${rangeText(f)}.` : '';
  return schema.describe(`Numeric feature.${range}`);
}

function categorical(f: FeatureContract, policy: ValidationPolicy): z.ZodType {
  const allowed = (f.allowed ?? []).filter((v): v is string | number | boolean => v !== null);
  const list = allowed.map(String).join(', ');
  if (policy.onUnknownCategory === 'reject' && allowed.length > 0) {
    const literals = allowed.map((v) => z.literal(v));
    const [first, ...rest] = literals;
    const error = (issue: { input?: unknown }) =>
      issue.input === undefined ? `required; expected one of: ${list}` : `expected one of: ${list}`;
    return (rest.length > 0 && first ? z.union([first, ...rest], { error }) : z.literal(allowed, { error })).describe(
      'Categorical feature.',
    );
  }
  const known = list ? ` Known categories: ${list}.` : '';
  return z
    .union(
      [z.string().max(MAX_STRING_LENGTH, { error: `expected at most ${MAX_STRING_LENGTH} characters` }), z.number()],
      {
        error: expected('a string'),
      },
    )
    .describe(`Categorical feature.${known}`);
}

function datetime(): z.ZodType {
  const iso = z
    .string()
    .max(64, { error: 'expected an ISO 8601 date-time' })
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'expected an ISO 8601 date-time' });
  return z
    .union([iso, z.number().min(-MAX_ABS_NUMBER).max(MAX_ABS_NUMBER)], {
      error: expected('an ISO 8601 date-time string or epoch milliseconds'),
    })
    .describe('Date-time feature: ISO 8601 string or epoch milliseconds.');
}

/** The zod schema of one feature value, built from the bundle's schema.json contract. */
export function featureSchema(f: FeatureContract, policy: ValidationPolicy): z.ZodType {
  let schema: z.ZodType;
  switch (f.type) {
    case 'numeric':
      schema = numeric(f, policy);
      break;
    case 'categorical':
      schema = categorical(f, policy);
      break;
    case 'boolean':
      schema = z.boolean({ error: expected('true or false') }).describe('Boolean feature.');
      break;
    default:
      // `datetime` (ISO string or epoch ms): the pipeline derives its numeric parts.
      schema = datetime();
  }
  return f.required ? schema : schema.nullable().optional();
}
