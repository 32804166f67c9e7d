import { z } from 'zod';
import type { InputSchema } from '../../contracts.js';

const detail = z.object({ path: z.string(), message: z.string() });

/** The JSON error body of every non-2xx answer. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable error code, e.g. INVALID_INPUT, MALFORMED_JSON, UNAUTHORIZED.' }),
      message: z.string(),
      details: z.array(detail).optional().meta({ description: 'One entry per invalid field.' }),
    }),
    request_id: z.string(),
  })
  .meta({ title: 'Error' });

/** The prediction of one instance for this model's task. */
export function predictionSchema(target: InputSchema['target']): z.ZodType {
  if (target.task === 'regression') return z.object({ value: z.number() }).meta({ title: 'Prediction' });
  const classes = target.classes ?? [];
  const label = classes.length > 0 ? z.enum(classes as [string, ...string[]]) : z.string();
  return z
    .object({ label, probabilities: z.record(z.string(), z.number().min(0).max(1)) })
    .meta({ title: 'Prediction', description: `Predicted ${target.name} and the probability of each class.` });
}

/** The 200 answer of `POST /v1/predict`. */
export function predictResponseSchema(target: InputSchema['target']): z.ZodType {
  return z
    .object({
      predictions: z.array(predictionSchema(target)),
      model_version: z.string(),
      request_id: z.string(),
      warnings: z
        .array(
          z.object({
            path: z.string(),
            feature: z.string(),
            kind: z.enum(['out_of_range', 'unknown_category']),
            message: z.string(),
          }),
        )
        .optional()
        .meta({ description: 'Values accepted in warn mode although outside the training contract.' }),
    })
    .meta({ title: 'PredictResponse' });
}
