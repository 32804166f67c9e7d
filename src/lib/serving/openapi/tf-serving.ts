import {
  modelStatusSchema,
  predictRequestSchema,
  predictResponseSchema,
  tfErrorSchema,
} from '../protocols/tf-serving/schemas.js';
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

const TAG = 'TensorFlow Serving REST';
const name = pathParam('name', 'The served model name');
const version = pathParam('version', 'The served model version');
const label = pathParam('label', 'A registry alias (production, ...) that points at the served version');

/** The TensorFlow Serving REST part of the document. */
export function tfServingDoc({ exampleRow, security }: ProtocolDocContext): ProtocolDoc {
  const error = ref('TfServingError');
  const common = { tag: TAG, security, error };
  const status = modelGet(common, 'Model version status', {
    description: 'Status',
    schema: ref('TfServingModelStatus'),
  });
  const metadata = modelGet(common, 'Model metadata: the serving_default signature', {
    description: 'Signature',
    schema: { type: 'object', required: ['model_spec', 'metadata'] },
  });
  const predict = (params: unknown[]) => ({
    post: {
      tags: [TAG],
      summary: 'Predict: instances (row format) → predictions, or inputs (columnar) → outputs',
      description: 'Same validation, store and metrics as POST /v1/predict.',
      security,
      parameters: params,
      requestBody: {
        required: true,
        content: content(ref('TfServingPredictRequest'), exampleRow ? { instances: [exampleRow] } : undefined),
      },
      responses: {
        200: { description: 'Predictions or outputs', content: content(ref('TfServingPredictResponse')) },
        ...errorResponses(error, 400, 401, 404, 413, 415, 500, 503),
      },
    },
  });
  return {
    paths: {
      '/v1/models/{name}': status([name]),
      '/v1/models/{name}/versions/{version}': status([name, version]),
      '/v1/models/{name}/labels/{label}': status([name, label]),
      '/v1/models/{name}/metadata': metadata([name]),
      '/v1/models/{name}/versions/{version}/metadata': metadata([name, version]),
      '/v1/models/{name}/labels/{label}/metadata': metadata([name, label]),
      '/v1/models/{name}:predict': predict([name]),
      '/v1/models/{name}/versions/{version}:predict': predict([name, version]),
      '/v1/models/{name}/labels/{label}:predict': predict([name, label]),
    },
    schemas: {
      TfServingPredictRequest: toSchema(predictRequestSchema, 'input'),
      TfServingPredictResponse: toSchema(predictResponseSchema, 'output'),
      TfServingModelStatus: toSchema(modelStatusSchema, 'output'),
      TfServingError: toSchema(tfErrorSchema, 'output'),
    },
  };
}
