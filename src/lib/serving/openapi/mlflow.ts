import { invocationsRequestSchema, invocationsResponseSchema, mlflowErrorSchema } from '../protocols/mlflow/schemas.js';
import { content, errorResponses, type ProtocolDoc, type ProtocolDocContext, ref, toSchema } from './json-schema.js';

const TAG = 'MLflow scoring protocol';

/** A CSV body with a header line and one row. */
function csvExample(row: Record<string, unknown>): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${Object.keys(row).map(cell).join(',')}\n${Object.values(row).map(cell).join(',')}\n`;
}

/** The MLflow scoring server part of the document (`mlflow models serve`). */
export function mlflowDoc({ exampleRow, security }: ProtocolDocContext): ProtocolDoc {
  const error = ref('MlflowError');
  const example = exampleRow
    ? { dataframe_split: { columns: Object.keys(exampleRow), data: [Object.values(exampleRow)] } }
    : undefined;
  return {
    paths: {
      '/ping': {
        get: {
          tags: [TAG],
          summary: 'Health: 200 once the model is loaded',
          responses: { 200: { description: 'A newline' }, ...errorResponses(error, 503) },
        },
      },
      '/version': {
        get: {
          tags: [TAG],
          summary: 'The server version',
          security,
          responses: {
            200: { description: 'The mlx version', content: content({ type: 'string' }, undefined, 'text/plain') },
            ...errorResponses(error, 401),
          },
        },
      },
      '/invocations': {
        post: {
          tags: [TAG],
          summary: 'Predict: dataframe_split, dataframe_records, instances or inputs JSON, or CSV with a header',
          description: 'Same validation, store and metrics as POST /v1/predict.',
          security,
          requestBody: {
            required: true,
            content: {
              ...content(ref('MlflowInvocationsRequest'), example),
              ...content({ type: 'string' }, exampleRow ? csvExample(exampleRow) : undefined, 'text/csv'),
            },
          },
          responses: {
            200: {
              description: 'One prediction per row, in order',
              content: content(ref('MlflowInvocationsResponse')),
            },
            ...errorResponses(error, 400, 401, 413, 415, 500, 503),
          },
        },
      },
    },
    schemas: {
      MlflowInvocationsRequest: toSchema(invocationsRequestSchema, 'input'),
      MlflowInvocationsResponse: toSchema(invocationsResponseSchema, 'output'),
      MlflowError: toSchema(mlflowErrorSchema, 'output'),
    },
  };
}
