/**
 * The GBDT model as stored in a bundle: a JSON-serialisable structure of flattened trees. Bin edges
 * are not needed at inference: numeric splits carry their raw threshold, categorical splits a bitset
 * over the category codes that go left.
 */

export const GBDT_FORMAT = 'mlx-gbdt';
export const GBDT_FORMAT_VERSION = 1;
/** The bundle file of a GBDT model (deterministic JSON, see serialize.ts). */
export const GBDT_FILE = 'gbdt.json';
/** Words of 32 bits in one category bitset: codes 0..255 (a categorical feature has at most 255 categories). */
export const BITSET_WORDS = 8;
/** The largest number of categories a categorical feature may have (codes 0..254). */
export const MAX_CATEGORIES = 255;

/** `log_loss`: sigmoid (1 tree per iteration) or softmax (one tree per class per iteration); `squared_error`: identity. */
export type GbdtLoss = 'log_loss' | 'squared_error';

export interface GbdtFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Categorical: the number of category codes (0..categories-1). */
  categories?: number;
  /**
   * Categorical: bitset ({@link BITSET_WORDS} words) of the codes seen in training. Any other code
   * (or a non-integer) is treated as missing at inference, as scikit-learn does.
   */
  known?: number[];
}

/**
 * One tree as parallel arrays over its nodes, in pre-order (a node, its left subtree, its right
 * subtree); node 0 is the root and children always come after their parent.
 */
export interface GbdtTree {
  /** Feature index of the split; -1 marks a leaf. */
  feature: number[];
  /** Numeric split: `x <= threshold` goes left (may be Infinity: every non-missing value goes left). 0 otherwise. */
  threshold: number[];
  /** Child node indices; -1 for leaves. */
  left: number[];
  right: number[];
  /** 1 when a missing value (NaN, or an unknown category) goes left, else 0. */
  missingLeft: number[];
  /** Leaf: its contribution to the raw score (learning rate applied). Internal node: the value it would have as a leaf. */
  value: number[];
  /** Loss reduction of the split (0 for leaves). */
  gain: number[];
  /** Training rows that reached the node. */
  count: number[];
  /** Categorical split: index of its bitset in `bitsets`; -1 for numeric splits and leaves. */
  categorical: number[];
  /** Concatenated bitsets ({@link BITSET_WORDS} words each) of the category codes that go left. */
  bitsets: number[];
}

export interface GbdtModel {
  format: typeof GBDT_FORMAT;
  version: typeof GBDT_FORMAT_VERSION;
  task: 'classification' | 'regression';
  loss: GbdtLoss;
  /** Number of classes (1 for regression). */
  classes: number;
  /** Trees added per boosting iteration: 1 for regression and binary classification, else `classes`. */
  treesPerIteration: number;
  /** Boosting iterations kept (`trees.length / treesPerIteration`). */
  iterations: number;
  learningRate: number;
  /** Raw score before any tree, per tree column. */
  baseline: number[];
  /** The input columns, in the order of the feature matrix. */
  features: GbdtFeature[];
  /** Iteration-major: tree `i * treesPerIteration + k` adds to raw score column k. */
  trees: GbdtTree[];
}

/** Whether category `code` is set in the bitset starting at word `offset`. */
export function inBitset(words: ArrayLike<number>, offset: number, code: number): boolean {
  return (((words[offset + (code >>> 5)] as number) >>> (code & 31)) & 1) === 1;
}

/** Number of leaves of a tree. */
export function countLeaves(tree: GbdtTree): number {
  let leaves = 0;
  for (const f of tree.feature) if (f < 0) leaves++;
  return leaves;
}
