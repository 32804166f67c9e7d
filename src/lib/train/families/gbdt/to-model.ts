import {
  BITSET_WORDS,
  GBDT_FORMAT,
  GBDT_FORMAT_VERSION,
  type GbdtModel,
  type GbdtTree,
} from '../../../model/families/gbdt/format.js';
import type { BinMapper } from './binning.js';
import type { BinTree } from './grower.js';
import type { GbdtColumn } from './types.js';

/** Adds a bin-space tree's leaf values to `raw[off + i]` for rows of a row-major binned matrix. */
export function addTreeToRaw(
  tree: BinTree,
  binned: Uint8Array,
  rows: number,
  width: number,
  missingBin: number,
  raw: Float64Array,
  off: number,
): void {
  const { feature, bin, missingLeft, catBitset, value, left, right } = tree;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    let n = 0;
    let f = feature[0] as number;
    while (f >= 0) {
      const b = binned[base + f] as number;
      const bits = catBitset[n];
      // Missing first, as scikit-learn's binned predictor (also for categorical splits).
      const goLeft =
        b === missingBin
          ? (missingLeft[n] as boolean)
          : bits
            ? (((bits[b >>> 5] as number) >>> (b & 31)) & 1) === 1
            : b <= (bin[n] as number);
      n = goLeft ? (left[n] as number) : (right[n] as number);
      f = feature[n] as number;
    }
    raw[off + r] = (raw[off + r] as number) + (value[n] as number);
  }
}

/** A bin-space tree → the stored form: raw thresholds for numeric splits, code bitsets for categorical ones. */
export function toStoredTree(tree: BinTree, mapper: BinMapper): GbdtTree {
  const n = tree.feature.length;
  const out: GbdtTree = {
    feature: tree.feature.slice(),
    threshold: new Array<number>(n).fill(0),
    left: tree.left.slice(),
    right: tree.right.slice(),
    missingLeft: tree.missingLeft.map((m) => (m ? 1 : 0)),
    value: tree.value.slice(),
    gain: tree.gain.slice(),
    count: tree.count.slice(),
    categorical: new Array<number>(n).fill(-1),
    bitsets: [],
  };
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i] as number;
    if (f < 0) continue;
    const bits = tree.catBitset[i];
    if (bits) {
      // Bins are the category codes; the missing bin is carried by missingLeft instead.
      const words = Array.from(bits);
      const m = mapper.missingBin;
      words[m >>> 5] = ((words[m >>> 5] as number) & ~(1 << (m & 31))) >>> 0;
      out.categorical[i] = out.bitsets.length / BITSET_WORDS;
      out.bitsets.push(...words);
      continue;
    }
    const b = tree.bin[i] as number;
    const thresholds = mapper.thresholds[f] as Float64Array;
    // A split after the last non-missing bin separates the missing values: every value goes left.
    out.threshold[i] =
      b >= (mapper.nBinsNonMissing[f] as number) - 1 ? Number.POSITIVE_INFINITY : (thresholds[b] as number);
  }
  return out;
}

export interface ModelParts {
  task: 'classification' | 'regression';
  classes: number;
  treesPerIteration: number;
  learningRate: number;
  baseline: Float64Array;
  columns: readonly GbdtColumn[];
  mapper: BinMapper;
  trees: BinTree[];
}

/** Assembles the stored model from the grown trees. */
export function toGbdtModel(parts: ModelParts): GbdtModel {
  const { mapper } = parts;
  return {
    format: GBDT_FORMAT,
    version: GBDT_FORMAT_VERSION,
    task: parts.task,
    loss: parts.task === 'classification' ? 'log_loss' : 'squared_error',
    classes: parts.classes,
    treesPerIteration: parts.treesPerIteration,
    iterations: parts.trees.length / parts.treesPerIteration,
    learningRate: parts.learningRate,
    baseline: Array.from(parts.baseline),
    features: parts.columns.map((c, f) =>
      mapper.isCategorical[f]
        ? {
            name: c.name,
            kind: 'categorical',
            categories: mapper.nBinsNonMissing[f] as number,
            known: Array.from(mapper.known.subarray(f * BITSET_WORDS, (f + 1) * BITSET_WORDS)),
          }
        : { name: c.name, kind: 'numeric' },
    ),
    trees: parts.trees.map((t) => toStoredTree(t, mapper)),
  };
}
