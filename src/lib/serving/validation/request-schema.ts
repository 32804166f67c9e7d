import { z } from 'zod';
import type { InputSchema } from '../../contracts.js';
import { featureKind } from '../../data/index.js';
import { featureSchema, type ValidationPolicy } from './feature-schema.js';

export interface RequestSchemaOptions extends ValidationPolicy {
  maxBatch: number;
  onUnknownField: 'reject' | 'ignore';
}

/** The zod schemas of `POST /v1/predict`, built once per loaded model (also the source of /openapi.json). */
export interface RequestSchemas {
  instance: z.ZodType<Record<string, unknown>>;
  batch: z.ZodType<{ instances: Record<string, unknown>[] }>;
  body: z.ZodType;
}

/** Builds the request schemas from a bundle's `schema.json`. */
export function buildRequestSchemas(schema: InputSchema, options: RequestSchemaOptions): RequestSchemas {
  const shape = Object.fromEntries(schema.features.map((f) => [f.name, featureSchema(f, options)]));
  const names = schema.features.map((f) => f.name);
  const example = Object.fromEntries(schema.features.map((f) => [f.name, exampleValue(f)]));
  const instance = (
    options.onUnknownField === 'reject'
      ? z.strictObject(shape, { error: unknownFieldError(names) })
      : z.object(shape, { error: unknownFieldError(names) })
  ).meta({ title: 'Instance', description: 'One input record: feature name → value.', examples: [example] });
  const batch = z
    .strictObject(
      {
        instances: z
          .array(instance, { error: 'expected an array of instances' })
          .min(1, { error: 'expected at least one instance' })
          .max(options.maxBatch, { error: `expected at most ${options.maxBatch} instances per request` }),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field; expected "instances"' : undefined) },
    )
    .meta({ title: 'PredictBatch', examples: [{ instances: [example] }] });
  const body = z.union([batch, instance]).meta({
    title: 'PredictRequest',
    description: `{"instances": [...]} with 1 to ${options.maxBatch} instances, or one instance object.`,
  });
  return {
    instance: instance as unknown as z.ZodType<Record<string, unknown>>,
    batch: batch as unknown as z.ZodType<{ instances: Record<string, unknown>[] }>,
    body,
  };
}

function unknownFieldError(names: string[]) {
  const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
  return (issue: { code?: string; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') return `unknown field; expected one of: ${list}`;
    if (issue.code === 'invalid_type') return `expected an object of features, got ${describe(issue.input)}`;
    return undefined;
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function exampleValue(f: InputSchema['features'][number]): unknown {
  if (f.allowed && f.allowed.length > 0) return f.allowed[0];
  return featureKind(f.type).example(f);
}
