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
        min_delta: z.number().nonnegative().default(0),
        metric: z.string().default('val_loss'),
      })
      .prefault({}),
    class_weights: z
      .union([z.literal('balanced'), z.null(), z.record(z.string(), z.number().positive())])
      .default(null),
  })
  .prefault({});

export type TrainConfig = z.infer<typeof trainSchema>;
