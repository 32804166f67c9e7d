import { inferOutputs, modelMetadata } from '../protocols/kserve-v2/codec.js';
import {
  inferenceRequestSchema,
  inferenceResponseSchema,
  modelMetadataSchema,
  serverMetadataSchema,
  v2ErrorSchema,
} from '../protocols/kserve-v2/schemas.js';
import {
  content,
  errorResponses,
  modelGet,
  type ProtocolDoc,
  type ProtocolDocContext,
  pathParam,
  ref,
  toSchema,
} from './json-schema.js';

const TAG = 'KServe v2 (Open Inference Protocol)';
const name = pathParam('name', 'The served model name');
const version = pathParam('version', 'The served model version');

/** The Open Inference Protocol v2 part of the document. */
export function kserveV2Doc({ model, exampleRow, security }: ProtocolDocContext): ProtocolDoc {
  const error = ref('V2Error');
  const example =
    model && exampleRow
      ? {
          id: 'example-1',
          inputs: model.predictor.schema.features.map((f) => {
            const meta = modelMetadata(model.name, model.version, model.predictor.schema).inputs.find(
              (i) => i.name === f.name,
            );
            return { name: f.name, shape: [1], datatype: meta?.datatype ?? 'BYTES', data: [exampleRow[f.name]] };
          }),
        }
      : undefined;
  const outputs = model ? inferOutputs([], model.predictor.schema, undefined).map((o) => o.name) : [];
  const common = { tag: TAG, security, error };
  const metadata = modelGet(common, 'Model metadata: inputs (one per feature) and outputs with datatype and shape', {
    description: 'Metadata',
    schema: ref('V2ModelMetadata'),
  });
  const ready = modelGet(common, 'Model readiness', {
    description: 'Ready',
    schema: { type: 'object', properties: { name: { type: 'string' }, ready: { type: 'boolean' } } },
  });
  const infer = (params: unknown[]) => ({
    post: {
      tags: [TAG],
      summary: 'Inference: one BYTES/FP64/BOOL tensor per feature (or one [N, F] tensor of an all-numeric model)',
      description: `Outputs: ${outputs.join(', ') || 'label and probabilities, or value'}. Same validation, store and metrics as POST /v1/predict.`,
      security,
      parameters: params,
      requestBody: { required: true, content: content(ref('V2InferenceRequest'), example) },
      responses: {
        200: { description: 'The output tensors', content: content(ref('V2InferenceResponse')) },
        ...errorResponses(error, 400, 401, 404, 413, 415, 500, 503),
      },
    },
  });
  return {
    paths: {
      '/v2': {
        get: {
          tags: [TAG],
          summary: 'Server metadata',
          security,
          responses: {
            200: { description: 'Name, version, extensions', content: content(ref('V2ServerMetadata')) },
            ...errorResponses(error, 401),
          },
        },
      },
      '/v2/health/live': {
        get: {
          tags: [TAG],
          summary: 'Server liveness',
          responses: {
            200: {
              description: 'Live',
              content: content({ type: 'object', properties: { live: { type: 'boolean' } } }),
            },
          },
        },
      },
      '/v2/health/ready': {
        get: {
          tags: [TAG],
          summary: 'Server readiness',
          responses: {
            200: {
              description: 'Ready',
              content: content({ type: 'object', properties: { ready: { type: 'boolean' } } }),
            },
            ...errorResponses(error, 503),
          },
        },
      },
      '/v2/models/{name}': metadata([name]),
      '/v2/models/{name}/versions/{version}': metadata([name, version]),
      '/v2/models/{name}/ready': ready([name]),
      '/v2/models/{name}/versions/{version}/ready': ready([name, version]),
      '/v2/models/{name}/infer': infer([name]),
      '/v2/models/{name}/versions/{version}/infer': infer([name, version]),
    },
    schemas: {
      V2InferenceRequest: toSchema(inferenceRequestSchema, 'input'),
      V2InferenceResponse: toSchema(inferenceResponseSchema, 'output'),
      V2ModelMetadata: toSchema(modelMetadataSchema, 'output'),
      V2ServerMetadata: toSchema(serverMetadataSchema, 'output'),
      V2Error: toSchema(v2ErrorSchema, 'output'),
    },
  };
}
