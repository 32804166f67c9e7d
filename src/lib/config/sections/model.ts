import { z } from 'zod';
import { isPlainObject } from '../tree.js';

/** Registry name of the model this project trains (every family has it). */
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _')
  .default('model');

/** The tfjs family: multi-layer perceptrons (`mlp`) and linear / logistic models (`linear`: no hidden layer). */
export const tfjsModelSchema = z.strictObject({
  name,
  type: z.enum(['mlp', 'linear']),
  /** Hidden layer sizes (`mlp`): one layer of 32 by default, which suits small tables; widen for large ones. */
  hidden: z.array(z.int().positive()).default([32]),
  activation: z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu']).default('relu'),
  dropout: z.number().min(0).lt(1).default(0),
  /**
   * L2 penalty λ·Σw² on the kernels, added to the mean loss. `auto`: the family's default for the type
   * (mlp 0.01; linear 1/(2·train rows), scikit-learn's LogisticRegression C=1 in this scale).
   */
  l2: z.union([z.literal('auto'), z.number().min(0)]).default('auto'),
});

/**
 * `model`: a discriminated union on `type`, one member per model family, each with its own
 * hyper-parameters. `type` defaults to `mlp`.
 */
export const modelSchema = z.preprocess(
  (value) =>
    value === undefined
      ? { type: 'mlp' }
      : isPlainObject(value) && value.type === undefined
        ? { ...value, type: 'mlp' }
        : value,
  z.discriminatedUnion('type', [tfjsModelSchema], {
    error: (issue) =>
      issue.code === 'invalid_union' && 'options' in issue
        ? `Invalid option: expected one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join('|')}`
        : undefined,
  }),
);

export type ModelConfig = z.infer<typeof modelSchema>;
