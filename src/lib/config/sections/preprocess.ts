import { z } from 'zod';

export const preprocessSchema = z
  .strictObject({
    numeric: z
      .strictObject({
        impute: z.enum(['median', 'mean', 'constant']).default('median'),
        fill_value: z.number().default(0),
        scale: z.enum(['standard', 'minmax', 'none']).default('standard'),
      })
      .prefault({}),
    categorical: z
      .strictObject({
        impute: z.enum(['most_frequent', 'missing_level']).default('most_frequent'),
      })
      .prefault({}),
    /** Regression targets: standardise while training, un-scale predictions. */
    scale_target: z.boolean().default(true),
  })
  .prefault({});
