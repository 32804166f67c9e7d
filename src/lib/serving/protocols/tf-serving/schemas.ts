import { z } from 'zod';

/** `POST /v1/models/{name}[/versions/{v}|/labels/{label}]:predict`: row (`instances`) or columnar (`inputs`) format. */
export const predictRequestSchema = z
  .strictObject({
    signature_name: z.string().optional().meta({ description: 'Only serving_default (or none).' }),
    instances: z.array(z.unknown()).optional().meta({
      description:
        'Row format: one object of named inputs per row (or one list of numbers per row, all-numeric models).',
    }),
    inputs: z
      .union([z.record(z.string(), z.array(z.unknown())), z.array(z.unknown())])
      .optional()
      .meta({ description: 'Columnar format: input name → its values, one per row.' }),
  })
  .meta({ title: 'TfServingPredictRequest' });
export type PredictRequest = z.infer<typeof predictRequestSchema>;

const classification = z.object({ label: z.string(), probabilities: z.array(z.number()) });

/** The answer: `predictions` for the row format, `outputs` for the columnar format. */
export const predictResponseSchema = z
  .union([
    z.object({ predictions: z.array(z.union([z.number(), classification])) }),
    z.object({
      outputs: z.union([
        z.array(z.number()),
        z.object({ label: z.array(z.string()), probabilities: z.array(z.array(z.number())) }),
      ]),
    }),
  ])
  .meta({
    title: 'TfServingPredictResponse',
    description:
      'Classification: label and the probability of each class (in the order of the metadata); regression: the value.',
  });

/** `GET /v1/models/{name}[/versions/{v}|/labels/{label}]`. */
export const modelStatusSchema = z
  .object({
    model_version_status: z.array(
      z.object({
        version: z.string(),
        state: z.enum(['START', 'LOADING', 'AVAILABLE', 'UNLOADING', 'END']),
        status: z.object({ error_code: z.string(), error_message: z.string() }),
      }),
    ),
  })
  .meta({ title: 'TfServingModelStatus' });

/** Every error of the protocol. */
export const tfErrorSchema = z.object({ error: z.string() }).meta({ title: 'TfServingError' });
