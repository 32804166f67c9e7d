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
  })
  .prefault({});
