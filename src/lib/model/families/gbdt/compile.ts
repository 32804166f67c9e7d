import { BITSET_WORDS, type GbdtModel, inBitset } from './format.js';

/**
 * The trees of a model compiled for prediction: every tree's nodes re-laid so that the two children
 * of a node are adjacent (`child`, `child + 1`), and leaves point to themselves. A step is then
 * branch-free for numeric splits (`next = child + goesRight`), and four rows walk a tree together,
 * so their independent steps overlap in the CPU.
 */
export interface CompiledForest {
  roots: Int32Array;
  /** Split feature (0 for leaves, whose threshold is +Infinity so they never move). */
  feature: Int32Array;
  threshold: Float64Array;
  /** Left child; the right child is `child + 1`; a leaf is its own child. */
  child: Int32Array;
  /** Bit 0: a missing value goes right; bit 1: categorical split. */
  flags: Uint8Array;
  isLeaf: Uint8Array;
  value: Float64Array;
  /** Categorical node: its number of category codes, and the offset of its table in `catRight`. */
  catCount: Int32Array;
  catOffset: Int32Array;
  /**
   * Per categorical node, `catCount + 1` entries: 1 when that code goes right; the last entry is
   * for missing values and unknown codes (codes never seen in training count as missing).
   */
  catRight: Uint8Array;
}

export const CATEGORICAL = 2;
const compiled = new WeakMap<GbdtModel, CompiledForest>();

/** Re-lays every tree of the model (see {@link CompiledForest}). */
function compile(model: GbdtModel): CompiledForest {
  let nodes = 0;
  let tables = 0;
  for (const tree of model.trees) {
    nodes += tree.feature.length;
    tree.categorical.forEach((c, i) => {
      if (c >= 0) tables += (model.features[tree.feature[i] as number]?.categories ?? 0) + 1;
    });
  }
  const forest: CompiledForest = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    child: new Int32Array(nodes),
    flags: new Uint8Array(nodes),
    isLeaf: new Uint8Array(nodes),
    value: new Float64Array(nodes),
    catCount: new Int32Array(nodes),
    catOffset: new Int32Array(nodes),
    catRight: new Uint8Array(tables),
  };
  let base = 0;
  let table = 0;
  model.trees.forEach((tree, t) => {
    forest.roots[t] = base;
    // Breadth-first: each internal node's children get two consecutive slots.
    const queue: [number, number][] = [[0, base]];
    let next = base + 1;
    for (let q = 0; q < queue.length; q++) {
      const [old, n] = queue[q] as [number, number];
      const f = tree.feature[old] as number;
      forest.value[n] = tree.value[old] as number;
      if (f < 0) {
        forest.threshold[n] = Number.POSITIVE_INFINITY;
        forest.child[n] = n;
        forest.isLeaf[n] = 1;
        continue;
      }
      const cat = tree.categorical[old] as number;
      const missingRight = tree.missingLeft[old] === 1 ? 0 : 1;
      forest.feature[n] = f;
      forest.threshold[n] = tree.threshold[old] as number;
      forest.child[n] = next;
      forest.flags[n] = missingRight | (cat >= 0 ? CATEGORICAL : 0) /* bit 0: missing goes right */;
      if (cat >= 0) {
        const feature = model.features[f];
        const count = feature?.categories ?? 0;
        const known = feature?.known ?? [];
        forest.catCount[n] = count;
        forest.catOffset[n] = table;
        for (let code = 0; code < count; code++) {
          const goesLeft = inBitset(tree.bitsets, cat * BITSET_WORDS, code);
          forest.catRight[table + code] = inBitset(known, 0, code) ? (goesLeft ? 0 : 1) : missingRight;
        }
        forest.catRight[table + count] = missingRight;
        table += count + 1;
      }
      queue.push([tree.left[old] as number, next], [tree.right[old] as number, next + 1]);
      next += 2;
    }
    base += tree.feature.length;
  });
  return forest;
}

/** The compiled forest of a model if it was compiled already (for clean-up: never compiles). */
export function compiledForest(model: GbdtModel): CompiledForest | undefined {
  return compiled.get(model);
}

/** The compiled forest of a model (compiled once, then cached with the model). */
export function forestOf(model: GbdtModel): CompiledForest {
  let forest = compiled.get(model);
  if (!forest) {
    forest = compile(model);
    compiled.set(model, forest);
  }
  return forest;
}
