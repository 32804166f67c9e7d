import { z } from 'zod';

export const trainSchema = z
  .strictObject({
    backend: z.enum(['auto', 'wasm', 'cpu', 'tensorflow']).default('auto'),
    epochs: z.int().positive().default(100),
    batch_size: z.int().positive().default(32),
    lr: z.number().positive().default(0.001),
    optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam'),
    early_stopping: z
      .strictObject({
        enabled: z.boolean().default(true),
        patience: z.int().nonnegative().default(10),
        min_delta: z.number().nonnegative().default(0),
        metric: z.string().default('val_loss'),
      })
      .prefault({}),
    class_weights: z
      .union([z.literal('balanced'), z.null(), z.record(z.string(), z.number().positive())])
      .default(null),
    /**
     * Where `mlx train` runs: `local` (this machine; `--jobs N` members in parallel processes), or
     * `cloud-run-jobs` (one Cloud Run Job execution per member; results come back through the registry bucket).
     */
    launcher: z.enum(['local', 'cloud-run-jobs']).default('local'),
    /** The Cloud Run Job that runs `mlx train` (launcher: cloud-run-jobs). */
    cloud_run: z
      .strictObject({
        project: z.string().nullable().default(null),
        region: z.string().default('europe-west1'),
        /** The job's name: its container image has the project and `mlx` as entrypoint. */
        job: z.string().nullable().default(null),
        /** Container to override when the job has several (null = the first). */
        container: z.string().nullable().default(null),
        /** Seconds one execution may take. */
        timeout: z.int().positive().default(3600),
        /** Seconds between status checks. */
        poll_interval: z.number().positive().default(10),
        /** The Cloud Run Admin API (a local test server in tests). */
        api: z.string().default('https://run.googleapis.com'),
      })
      .prefault({}),
  })
  .prefault({});
