// The JSON shapes of the three specifications, written from their text (not from our zod schemas), so
// that the conformance tests check our answers against the specs rather than against ourselves.
import Ajv2020 from 'ajv/dist/2020.js';

const ajv = new Ajv2020.default({ strict: false, allErrors: true });

const scalar = { type: ['string', 'number', 'boolean'] };
const datatypes = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
];

/**
 * Open Inference Protocol v2, HTTP/REST (kserve/open-inference-protocol, required_api.md): $inference_response,
 * $metadata_model_response, $metadata_server_response, $inference_error_response.
 */
export const oip = {
  inferenceResponse: ajv.compile({
    type: 'object',
    required: ['model_name', 'outputs'],
    properties: {
      model_name: { type: 'string' },
      model_version: { type: 'string' },
      id: { type: 'string' },
      parameters: { type: 'object' },
      outputs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'shape', 'datatype', 'data'],
          properties: {
            name: { type: 'string' },
            shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
            datatype: { enum: datatypes },
            parameters: { type: 'object', additionalProperties: scalar },
            data: { type: 'array' },
          },
        },
      },
    },
  }),
  modelMetadata: ajv.compile({
    type: 'object',
    required: ['name', 'platform', 'inputs', 'outputs'],
    properties: {
      name: { type: 'string' },
      versions: { type: 'array', items: { type: 'string' } },
      platform: { type: 'string' },
      inputs: { type: 'array', items: { $ref: '#/$defs/tensor' } },
      outputs: { type: 'array', items: { $ref: '#/$defs/tensor' } },
    },
    $defs: {
      tensor: {
        type: 'object',
        required: ['name', 'datatype', 'shape'],
        properties: {
          name: { type: 'string' },
          datatype: { enum: datatypes },
          shape: { type: 'array', items: { type: 'integer', minimum: -1 } },
        },
      },
    },
  }),
  serverMetadata: ajv.compile({
    type: 'object',
    required: ['name', 'version', 'extensions'],
    properties: {
      name: { type: 'string' },
      version: { type: 'string' },
      extensions: { type: 'array', items: { type: 'string' } },
    },
  }),
  error: ajv.compile({
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string' } },
    additionalProperties: false,
  }),
};

/** MLflow's scoring server: `{"predictions": [...]}`, errors from MlflowException (`error_code`, `message`). */
export const mlflow = {
  response: ajv.compile({
    type: 'object',
    required: ['predictions'],
    properties: { predictions: { type: 'array' } },
    additionalProperties: false,
  }),
  error: ajv.compile({
    type: 'object',
    required: ['error_code', 'message'],
    properties: { error_code: { type: 'string', pattern: '^[A-Z_]+$' }, message: { type: 'string' } },
  }),
};

/** TensorFlow Serving's RESTful API (api_rest.md): predict, model status, errors. */
export const tfServing = {
  rowResponse: ajv.compile({
    type: 'object',
    required: ['predictions'],
    properties: { predictions: { type: 'array' } },
    additionalProperties: false,
  }),
  columnarResponse: ajv.compile({
    type: 'object',
    required: ['outputs'],
    properties: { outputs: {} },
    additionalProperties: false,
  }),
  status: ajv.compile({
    type: 'object',
    required: ['model_version_status'],
    properties: {
      model_version_status: {
        type: 'array',
        items: {
          type: 'object',
          required: ['version', 'state', 'status'],
          properties: {
            version: { type: 'string' },
            state: { enum: ['UNKNOWN', 'START', 'LOADING', 'AVAILABLE', 'UNLOADING', 'END'] },
            status: {
              type: 'object',
              required: ['error_code', 'error_message'],
              properties: { error_code: { type: 'string' }, error_message: { type: 'string' } },
            },
          },
        },
      },
    },
  }),
  error: ajv.compile({
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string' } },
    additionalProperties: false,
  }),
};
