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
 * The gbdt family: histogram gradient-boosted trees (src/lib/train/families/gbdt), with scikit-learn's
 * HistGradientBoosting names and defaults. It reads its inputs raw (no scaling or one-hot: missing values and
 * categories are split natively); `train.lr`, `train.epochs`, `train.early_stopping` and `train.batch_size`
 * belong to the tfjs family and are ignored.
 */
export const gbdtModelSchema = z.strictObject({
  name,
  type: z.literal('gbdt'),
  /** Shrinkage applied to every tree's leaf values. */
  learning_rate: z.number().positive().default(0.1),
  /** Boosting iterations (one tree per iteration, or one per class for more than two classes). */
  max_iter: z.int().positive().default(100),
  /** Leaves per tree (null: no limit). */
  max_leaf_nodes: z.int().min(2).nullable().default(31),
  /** Depth of a tree, the root at depth 0 (null: no limit). */
  max_depth: z.int().positive().nullable().default(null),
  /** Training rows a leaf needs at least. */
  min_samples_leaf: z.int().positive().default(20),
  /** L2 penalty on leaf values. */
  l2_regularization: z.number().min(0).default(0),
  /** Bins per feature for non-missing values (one more holds missing values); also the most categories a column may have. */
  max_bins: z.int().min(2).max(255).default(255),
  /**
   * Stop when the loss on the validation split (the training loss when there is none) has not improved by
   * more than `tol` for `n_iter_no_change` iterations, and keep the best iteration. `auto`: on when the
   * training split has more than 10 000 rows, as scikit-learn.
   */
  early_stopping: z.union([z.literal('auto'), z.boolean()]).default('auto'),
  n_iter_no_change: z.int().positive().default(10),
  tol: z.number().min(0).default(1e-7),
  /** Threads that build histograms: `auto` takes 2 on large data when 2 cores exist; the model is the same either way. */
  threads: z.union([z.literal('auto'), z.literal(1), z.literal(2)]).default('auto'),
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
  z.discriminatedUnion('type', [tfjsModelSchema, gbdtModelSchema], {
    error: (issue) =>
      issue.code === 'invalid_union' && 'options' in issue
        ? `Invalid option: expected one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join('|')}`
        : undefined,
  }),
);

export type ModelConfig = z.infer<typeof modelSchema>;
