import { z } from 'zod';

/** Tensor element types of the Open Inference Protocol. */
export const DATATYPES = [
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
] as const;
export type Datatype = (typeof DATATYPES)[number];

const parameters = z.record(z.string(), z.unknown()).meta({ description: 'Protocol parameters (ignored).' });
const shape = z.array(z.number().int()).meta({ description: 'Tensor shape; the data holds its product of elements.' });

/** One tensor as a request carries it (`$request_input`). */
export const requestInputSchema = z.object({
  name: z.string().meta({ description: 'A feature name (one input per feature), or any name for one [N, F] tensor.' }),
  shape,
  datatype: z.enum(DATATYPES),
  parameters: parameters.optional(),
  data: z.array(z.unknown()).meta({ description: 'Elements in row-major order (flat or nested).' }),
});

/** `POST /v2/models/{name}[/versions/{version}]/infer` (`$inference_request`). */
export const inferenceRequestSchema = z
  .object({
    id: z.string().optional(),
    parameters: parameters.optional(),
    inputs: z.array(requestInputSchema).min(1, { error: 'expected at least one input' }),
    outputs: z
      .array(z.object({ name: z.string(), parameters: parameters.optional() }))
      .optional()
      .meta({ description: 'The outputs to return (default: all).' }),
  })
  .meta({ title: 'V2InferenceRequest' });
export type InferenceRequest = z.infer<typeof inferenceRequestSchema>;

const tensorSchema = z.object({
  name: z.string(),
  shape,
  datatype: z.enum(DATATYPES),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  data: z.array(z.union([z.string(), z.number(), z.boolean()])),
});
export type ResponseOutput = z.infer<typeof tensorSchema>;

/** The 200 answer of `infer` (`$inference_response`). */
export const inferenceResponseSchema = z
  .object({
    model_name: z.string(),
    model_version: z.string().optional(),
    id: z.string().optional(),
    parameters: parameters.optional(),
    outputs: z.array(tensorSchema),
  })
  .meta({ title: 'V2InferenceResponse' });

const tensorMetadata = z.object({ name: z.string(), datatype: z.enum(DATATYPES), shape });

/** `GET /v2/models/{name}[/versions/{version}]` (`$metadata_model_response`). */
export const modelMetadataSchema = z
  .object({
    name: z.string(),
    versions: z.array(z.string()).optional(),
    platform: z.string(),
    inputs: z.array(tensorMetadata),
    outputs: z.array(tensorMetadata),
  })
  .meta({ title: 'V2ModelMetadata' });
export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

/** `GET /v2` (`$metadata_server_response`). */
export const serverMetadataSchema = z
  .object({ name: z.string(), version: z.string(), extensions: z.array(z.string()) })
  .meta({ title: 'V2ServerMetadata' });

/** Every error of the protocol (`$inference_error_response`). */
export const v2ErrorSchema = z.object({ error: z.string() }).meta({ title: 'V2Error' });
