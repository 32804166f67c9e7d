import { z } from 'zod';
import type { ServedModel } from '../served-model.js';

export type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema draft 2020-12 (the dialect of OpenAPI 3.1), without `$schema`. */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io });
  return rest as JsonSchema;
}

/** A `content` object of one media type. */
export const content = (schema: JsonSchema, example?: unknown, type = 'application/json') => ({
  [type]: { schema, ...(example === undefined ? {} : { example }) },
});

/** `#/components/schemas/<name>`. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** Error responses for `codes`, each with the body schema `schema`. */
export function errorResponses(schema: JsonSchema, ...codes: number[]): Record<string, unknown> {
  return Object.fromEntries(
    codes.map((code) => [String(code), { description: String(code), content: content(schema) }]),
  );
}

/**
 * A protocol's model-scoped GET (status, metadata, readiness): the operation for one set of path
 * parameters, answering `ok` or `error` with 401/404/503 (a route of every REF form shares it).
 */
export function modelGet(
  common: { tag: string; security: unknown; error: JsonSchema },
  summary: string,
  ok: { description: string; schema: JsonSchema },
): (params: unknown[]) => Record<string, unknown> {
  return (params) => ({
    get: {
      tags: [common.tag],
      summary,
      security: common.security,
      parameters: params,
      responses: {
        200: { description: ok.description, content: content(ok.schema) },
        ...errorResponses(common.error, 401, 404, 503),
      },
    },
  });
}

/** A path parameter. */
export const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});

/** What a protocol's part of the document is built from. */
export interface ProtocolDocContext {
  /** The served model, or null before it loads (schemas then stay generic). */
  model: ServedModel | null;
  /** One valid input row of the model (from its schema), for request examples. */
  exampleRow: Record<string, unknown> | null;
  /** `security` of the protected operations. */
  security: unknown[];
}

/** A protocol's paths and the component schemas they refer to. */
export interface ProtocolDoc {
  paths: Record<string, unknown>;
  schemas: Record<string, JsonSchema>;
}
