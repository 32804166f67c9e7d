import type { GbdtModel, GbdtTree } from '../../../../src/lib/model/families/gbdt/index.js';

/** Bitset words (8 × 32 bits) with the given codes set. */
export function bits(...codes: number[]): number[] {
  const words = new Array<number>(8).fill(0);
  for (const c of codes) words[c >>> 5] = ((words[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
  return words;
}

/** A leaf-only tree. */
export function leaf(value: number): GbdtTree {
  return {
    feature: [-1],
    threshold: [0],
    left: [-1],
    right: [-1],
    missingLeft: [0],
    value: [value],
    gain: [0],
    count: [10],
    categorical: [-1],
    bitsets: [],
  };
}

/**
 * A hand-built binary model over x (numeric) and colour (categorical, 3 codes, 0 and 1 seen in
 * training). Tree 0: x <= 1.5 (missing left) → 0.5; else colour in {1} (missing right) → -1 : 2.
 * Tree 1: a single leaf 0.25.
 */
export function handModel(overrides: Partial<GbdtModel> = {}): GbdtModel {
  const tree: GbdtTree = {
    feature: [0, -1, 1, -1, -1],
    threshold: [1.5, 0, 0, 0, 0],
    left: [1, -1, 3, -1, -1],
    right: [2, -1, 4, -1, -1],
    missingLeft: [1, 0, 0, 0, 0],
    value: [0, 0.5, 0.1, -1, 2],
    gain: [12, 0, 3, 0, 0],
    count: [100, 60, 40, 15, 25],
    categorical: [-1, -1, 0, -1, -1],
    bitsets: bits(1),
  };
  return {
    format: 'mlx-gbdt',
    version: 1,
    task: 'classification',
    loss: 'log_loss',
    classes: 2,
    treesPerIteration: 1,
    iterations: 2,
    learningRate: 0.1,
    baseline: [-0.5],
    features: [
      { name: 'x', kind: 'numeric' },
      { name: 'colour', kind: 'categorical', categories: 3, known: bits(0, 1) },
    ],
    trees: [tree, leaf(0.25)],
    ...overrides,
  };
}
