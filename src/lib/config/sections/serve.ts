import { z } from 'zod';

export const serveSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.int().min(0).max(65_535).default(8080),
    /** Model reference: bundle path, run id, NAME@ALIAS, NAME@VERSION or `latest`. */
    model: z.string().default('latest'),
    max_batch: z.int().positive().default(1000),
    body_limit: z.int().positive().default(1_048_576),
    on_unknown_category: z.enum(['reject', 'warn']).default('reject'),
    on_out_of_range: z.enum(['reject', 'warn']).default('warn'),
    store: z.enum(['sqlite', 'none']).default('sqlite'),
    store_path: z.string().default('var/predictions.sqlite'),
    auth: z
      .strictObject({
        /** Name of the environment variable that holds the bearer token; null = no auth. */
        token_env: z.string().nullable().default(null),
        protect_ops: z.boolean().default(false),
      })
      .prefault({}),
    cors: z.strictObject({ origins: z.array(z.string()).default([]) }).prefault({}),
    /** Seconds between in-server drift checks; 0 = off. */
    drift_check_interval: z.number().min(0).default(0),
  })
  .prefault({});
