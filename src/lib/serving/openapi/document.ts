import { PROTOCOLS } from '../protocols/registry.js';
import type { ServedModel } from '../served-model.js';
import { type JsonSchema, toSchema } from './json-schema.js';
import { errorSchema, predictResponseSchema } from './response-schemas.js';

const json = (schema: JsonSchema, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});
const errorRef = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: String(code), content: json(errorRef) }]));

export interface OpenApiOptions {
  version: string;
  /** Whether a bearer token protects the API. */
  auth: boolean;
}

/**
 * The OpenAPI 3.1 document of the served API, our own routes and every open protocol's, generated from
 * the same zod schemas that validate requests (test/lib/serving/openapi-contract.test.ts checks it
 * against the routes, and a committed snapshot catches any change).
 */
export function buildOpenApiDocument(model: ServedModel | null, options: OpenApiOptions): JsonSchema {
  const schemas: Record<string, JsonSchema> = { Error: toSchema(errorSchema, 'output') };
  let example: unknown;
  if (model) {
    schemas.PredictRequest = toSchema(model.schemas.body, 'input');
    schemas.PredictResponse = toSchema(predictResponseSchema(model.predictor.schema.target), 'output');
    const instance = toSchema(model.schemas.instance, 'input') as { examples?: unknown[] };
    example = { instances: instance.examples ?? [] };
  }
  const security = options.auth ? [{ bearer: [] }] : [];
  const exampleRow = model ? ((example as { instances: Record<string, unknown>[] }).instances[0] ?? null) : null;
  const protocols = PROTOCOLS.map((p) => p.openapi({ model, exampleRow, security }));
  for (const doc of protocols) Object.assign(schemas, doc.schemas);
  return {
    openapi: '3.1.0',
    info: {
      title: model ? `mlx: ${model.name}` : 'mlx',
      version: options.version,
      description: model
        ? `Model ${model.name} version ${model.version} (${model.predictor.info.task}).`
        : 'No model is loaded yet.',
    },
    paths: {
      '/health': { get: { summary: 'Liveness', responses: { 200: { description: 'The process lives' } } } },
      '/ready': {
        get: { summary: 'Readiness', responses: { 200: { description: 'A model is loaded' }, ...errors(503) } },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'Text exposition' } } } },
      '/docs': {
        get: {
          summary: 'Interactive API documentation: this document as a page, with a form per operation',
          responses: { 200: { description: 'HTML page (its script and stylesheet under /docs/)' } },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security,
          responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) }, ...errors(401) },
        },
      },
      '/v1/model': {
        get: {
          summary: 'The served model',
          security,
          responses: { 200: { description: 'Metadata' }, ...errors(401, 503) },
        },
      },
      '/v1/drift': {
        get: {
          summary: 'Drift of the logged inputs against the training reference',
          security,
          parameters: ['since', 'until'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
            description: 'A duration before now (24h, 7d) or an ISO time',
          })),
          responses: { 200: { description: 'Per-feature tests and the dataset decision' }, ...errors(400, 401, 503) },
        },
      },
      '/v1/predict': {
        post: {
          summary: 'Predict one instance or a batch',
          security,
          requestBody: {
            required: true,
            content: json(model ? { $ref: '#/components/schemas/PredictRequest' } : {}, example),
          },
          responses: {
            200: {
              description: 'One prediction per instance, in order',
              content: json(model ? { $ref: '#/components/schemas/PredictResponse' } : {}),
            },
            ...errors(400, 401, 413, 415, 422, 500, 503),
          },
        },
      },
      ...Object.assign({}, ...protocols.map((doc) => doc.paths)),
    },
    components: {
      schemas,
      ...(options.auth ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
  };
}
