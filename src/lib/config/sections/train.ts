import { z } from 'zod';

/** `auto`: the model family's own default for this `model.type` (its trainer decides and logs the value). */
const auto = <T extends z.ZodType>(value: T) => z.union([z.literal('auto'), value]).default('auto');

export const trainSchema = z
  .strictObject({
    backend: z.enum(['auto', 'wasm', 'cpu', 'tensorflow']).default('auto'),
    /** Maximum epochs (`auto`: the family's default, e.g. 300 for mlp, 500 for linear). */
    epochs: auto(z.int().positive()),
    batch_size: z.int().positive().default(32),
    /** Learning rate (`auto`: the family's default, e.g. 0.003 for mlp, 0.05 for linear). */
    lr: auto(z.number().positive()),
    optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam'),
    /**
     * `plateau`: halve the learning rate when the monitored metric has not improved for half the
     * early-stopping patience (down to lr/1000), so a large first step still converges; `constant`.
     */
    lr_schedule: z.enum(['plateau', 'constant']).default('plateau'),
    /**
     * Seed of weight initialisation, shuffling and dropout; null = derived from the top-level `seed`
     * (which also drives the data split), so another initialisation on the same split is one override.
     */
    seed: z.int().nonnegative().nullable().default(null),
    /**
     * Which runs of `mlx train` become registry versions: `best` (a single run, or the best member of a
     * sweep), `all` (every run), `none`.
     */
    register: z.enum(['best', 'all', 'none']).default('best'),
    early_stopping: z
      .strictObject({
        enabled: z.boolean().default(true),
        patience: z.int().nonnegative().default(20),
        /** Smallest change that counts as an improvement (`auto`: the family's, e.g. 0 mlp, 1e-4 linear). */
        min_delta: auto(z.number().nonnegative()),
        /**
         * What early stopping watches: `val_loss`, `val_accuracy`, `loss`... (`auto`: the family's —
         * `val_loss` for an MLP; the training loss for a linear model, whose penalised loss is convex:
         * it converges to the optimum, as scikit-learn's solvers do, instead of stopping on a noisy
         * validation curve).
         */
        metric: z.string().default('auto'),
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

export type TrainConfig = z.infer<typeof trainSchema>;
