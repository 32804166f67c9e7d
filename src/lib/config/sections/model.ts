import { z } from 'zod';

export const modelSchema = z
  .strictObject({
    /** Registry name of the model this project trains. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _')
      .default('model'),
    type: z.enum(['mlp', 'linear']).default('mlp'),
    hidden: z.array(z.int().positive()).default([64, 32]),
    activation: z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu']).default('relu'),
    dropout: z.number().min(0).lt(1).default(0),
    l2: z.number().min(0).default(0),
  })
  .prefault({});
