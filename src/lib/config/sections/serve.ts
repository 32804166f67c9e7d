import { z } from 'zod';

export const serveSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.int().min(0).max(65_535).default(8080),
    /**
     * Model reference: bundle path, run id, NAME@ALIAS, NAME@VERSION or `latest`; null = `<model.name>@production`
     * when that alias exists, else `latest` (also the default of `evaluate`, `predict` and `drift`).
     */
    model: z.string().nullable().default(null),
    max_batch: z.int().positive().default(1000),
    body_limit: z.int().positive().default(1_048_576),
    /** Fields that are not model features: reject the request, or drop them (never stored). */
    on_unknown_field: z.enum(['reject', 'ignore']).default('reject'),
    /** Merge the instances of concurrent requests into one tensor call. */
    micro_batch: z.boolean().default(true),
    /**
     * Stop V8's young generation from growing once `mlx serve` starts (`--semi-space-growth-factor=1`;
     * it otherwise doubles under load): about 50 MiB less peak RSS. Process-wide.
     */
    compact_heap: z.boolean().default(true),
    /** One log line per request (method, route, status, latency, request id, model version). */
    access_log: z.boolean().default(true),
    store: z.enum(['sqlite', 'none']).default('sqlite'),
    store_path: z.string().default('var/predictions.sqlite'),
    /** Rows waiting to be written; when full, /v1/predict answers 503 instead of losing records. */
    store_queue_max: z.int().positive().default(50_000),
    /** Milliseconds between batched store commits. */
    store_flush_ms: z.int().positive().default(100),
    /** Seconds a clean shutdown waits for in-flight requests before closing connections. */
    shutdown_timeout: z.number().positive().default(10),
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

export type ServeConfig = z.infer<typeof serveSchema>;
