import { z } from 'zod';

export const driftSchema = z
  .strictObject({
    since: z.string().default('7d'),
    min_samples: z.int().positive().default(30),
    /** Dataset drift when drifted columns / evaluated columns ≥ share. */
    share: z.number().gt(0).max(1).default(0.5),
    /** Per-column test and threshold overrides. */
    columns: z
      .record(
        z.string(),
        z.strictObject({
          test: z.enum(['auto', 'ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']).default('auto'),
          threshold: z.number().nullable().default(null),
        }),
      )
      .default({}),
    retrain: z
      .strictObject({
        when: z.enum(['never', 'dataset_drift', 'any_column']).default('dataset_drift'),
        columns: z.array(z.string()).default([]),
        min_rows: z.int().positive().default(100),
        action: z.enum(['notify', 'pipeline']).default('notify'),
      })
      .prefault({}),
  })
  .prefault({});
