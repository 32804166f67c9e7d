import { z } from 'zod';

const record = z.record(z.string(), z.unknown()).meta({ description: 'One row: column name → value.' });
const params = z.record(z.string(), z.unknown()).optional().meta({ description: 'Inference parameters (ignored).' });

/** pandas' split orientation: column names, then rows of values in that order. */
const split = z.object({
  columns: z.array(z.string()),
  data: z.array(z.array(z.unknown())),
  index: z.array(z.unknown()).optional(),
});

/** The four JSON input formats of MLflow's scoring server, by their key; each may come with `params`. */
export const INPUT_FORMATS = {
  dataframe_split: z.strictObject({ dataframe_split: split, params }),
  dataframe_records: z.strictObject({ dataframe_records: z.array(record), params }),
  instances: z.strictObject({ instances: z.array(record), params }),
  inputs: z.strictObject({
    inputs: z.union([z.array(record), z.record(z.string(), z.array(z.unknown()))]),
    params,
  }),
};
export type InputFormat = keyof typeof INPUT_FORMATS;

/** `POST /invocations` with a JSON body: exactly one of the four input keys, and optional `params`. */
export const invocationsRequestSchema = z
  .union([
    INPUT_FORMATS.dataframe_split,
    INPUT_FORMATS.dataframe_records,
    INPUT_FORMATS.instances,
    INPUT_FORMATS.inputs,
  ])
  .meta({ title: 'MlflowInvocationsRequest' });
export type Invocation = z.infer<typeof invocationsRequestSchema>;

/**
 * The answer: `{"predictions": [...]}` in the order of the rows, the labels and class probabilities of a
 * classifier as records (the columns `mlx predict` writes), the values of a regressor as numbers.
 */
export const invocationsResponseSchema = z
  .object({
    predictions: z.array(
      z.union([z.number(), z.record(z.string(), z.union([z.string(), z.number()]))]).meta({
        description: 'Regression: the value. Classification: {"prediction": label, "probability_<class>": p, ...}.',
      }),
    ),
  })
  .meta({ title: 'MlflowInvocationsResponse' });

/** MLflow's error body (mlflow.exceptions.MlflowException.serialize_as_json). */
export const mlflowErrorSchema = z
  .object({
    error_code: z.enum([
      'BAD_REQUEST',
      'MALFORMED_REQUEST',
      'INVALID_PARAMETER_VALUE',
      'RESOURCE_EXHAUSTED',
      'ENDPOINT_NOT_FOUND',
      'UNAUTHENTICATED',
      'TEMPORARILY_UNAVAILABLE',
      'INTERNAL_ERROR',
    ]),
    message: z.string(),
  })
  .meta({ title: 'MlflowError' });
export type MlflowErrorCode = z.infer<typeof mlflowErrorSchema>['error_code'];
