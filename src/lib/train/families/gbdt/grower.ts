/**
 * Leaf-wise (best-first) growth of one tree, as scikit-learn's TreeGrower: the splittable leaf
 * with the largest gain is split next, until max_leaf_nodes / max_depth / min_samples_leaf stop
 * it. The smaller child's histograms are built from its rows, the larger child's by subtracting
 * them from the parent's (the sibling trick).
 */
import { performance } from 'node:perf_hooks';
import type { KernelPool } from './kernel-pool.js';
import { HIST_STRIDE } from './kernels.js';
import { findBestSplit, MIN_HESSIAN_TO_SPLIT, type SplitContext, type SplitInfo } from './split.js';

export interface GrowContext extends SplitContext {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  learningRate: number;
}

/** A grown tree in bin space, nodes in pre-order (node, left subtree, right subtree). */
export interface BinTree {
  feature: number[];
  /** Numeric split: bins <= bin go left. */
  bin: number[];
  missingLeft: boolean[];
  /** Categorical split: bitset over bins that go left. */
  catBitset: (Uint32Array | null)[];
  /** Leaves: value × learning rate. Internal nodes: their own value × learning rate. */
  value: number[];
  gain: number[];
  count: number[];
  left: number[];
  right: number[];
  leaves: number;
}

interface Node {
  id: number;
  depth: number;
  start: number;
  stop: number;
  sumGrad: number;
  sumHess: number;
  value: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
  leaf: boolean;
  left: Node | null;
  right: Node | null;
}

export interface GrowTimings {
  histograms: number;
  splitting: number;
}

/** Reusable buffers of the grower for one fit. */
export class Grower {
  private readonly free: Float64Array[] = [];
  private readonly histSize: number;

  constructor(
    private readonly ctx: GrowContext,
    private readonly pool: KernelPool,
    private readonly timings: GrowTimings,
  ) {
    this.histSize = ctx.width * ctx.nb * HIST_STRIDE;
  }

  private takeHist(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.histSize);
  }

  private release(node: Node): void {
    if (node.hist) this.free.push(node.hist);
    node.hist = null;
  }

  /** Grows the tree of raw-score column `column` from the current gradients; adds its leaves to the raw scores. */
  grow(column: number): BinTree {
    const { ctx, pool } = this;
    const s = pool.state;
    const { rows } = s;
    const off = column * rows;
    for (let i = 0; i < rows; i++) s.partition[i] = i;
    let ids = 0;
    const node = (depth: number, start: number, stop: number, g: number, h: number, value: number): Node => ({
      id: ids++,
      depth,
      start,
      stop,
      sumGrad: g,
      sumHess: h,
      value,
      hist: null,
      split: null,
      leaf: false,
      left: null,
      right: null,
    });
    // The root's value is 0, as in scikit-learn (it enters the root's gain only).
    const root = node(0, 0, rows, 0, 0, 0);
    const leaves: Node[] = [];
    const heap: Node[] = [];
    const finalize = (n: Node) => {
      n.leaf = true;
      leaves.push(n);
    };
    const evaluate = (n: Node) => {
      const t0 = performance.now();
      n.split = findBestSplit(ctx, n.hist as Float64Array, n.stop - n.start, n.sumGrad, n.sumHess, n.value);
      this.timings.splitting += performance.now() - t0;
      if (n.split === null) finalize(n);
      else heapPush(heap, n);
    };
    if (rows < 2 * ctx.minSamplesLeaf) finalize(root);
    else {
      const hist = this.takeHist();
      root.hist = hist;
      const t0 = performance.now();
      pool.histograms(hist, 0, rows, column, ctx.constHess);
      this.timings.histograms += performance.now() - t0;
      // Node sums from the bins of feature 0 (every row is in exactly one of them).
      for (let b = 0; b < ctx.nb; b++) {
        root.sumGrad += hist[b * HIST_STRIDE] as number;
        root.sumHess += hist[b * HIST_STRIDE + (ctx.constHess ? 2 : 1)] as number;
      }
      if (root.sumHess < MIN_HESSIAN_TO_SPLIT) finalize(root);
      else evaluate(root);
    }
    while (heap.length > 0) {
      const parent = heapPop(heap);
      if (this.splitNode(parent, column, node, finalize, evaluate, leaves.length + heap.length + 2)) {
        // max_leaf_nodes reached: every splittable leaf becomes final.
        for (const n of heap) finalize(n);
        heap.length = 0;
      }
    }
    for (const n of leaves) this.release(n);
    const tree = toPreorder(root, ctx.learningRate, leaves.length);
    for (const leaf of leaves) {
      const v = leaf.value * ctx.learningRate;
      for (let i = leaf.start; i < leaf.stop; i++) {
        const r = off + (s.partition[i] as number);
        s.raw[r] = (s.raw[r] as number) + v;
      }
    }
    return tree;
  }

  /** Splits `parent` and evaluates its children; true when max_leaf_nodes is reached. */
  private splitNode(
    parent: Node,
    column: number,
    node: (depth: number, start: number, stop: number, g: number, h: number, value: number) => Node,
    finalize: (n: Node) => void,
    evaluate: (n: Node) => void,
    leavesAfter: number,
  ): boolean {
    const { ctx, pool } = this;
    const split = parent.split as SplitInfo;
    const t0 = performance.now();
    const mid = pool.partition(parent.start, parent.stop, {
      feature: split.feature,
      bin: split.bin,
      missingLeft: split.missingLeft,
      bitset: split.catBitset,
      missingBin: ctx.missingBin,
    });
    this.timings.splitting += performance.now() - t0;
    const depth = parent.depth + 1;
    const left = node(depth, parent.start, mid, split.gradLeft, split.hessLeft, split.valueLeft);
    const right = node(depth, mid, parent.stop, split.gradRight, split.hessRight, split.valueRight);
    parent.left = left;
    parent.right = right;
    const nl = mid - parent.start;
    const nr = parent.stop - mid;
    // No missing value in training: at inference they follow the larger child (scikit-learn).
    if (ctx.hasMissing[split.feature] !== 1) split.missingLeft = nl > nr;
    if (ctx.maxLeafNodes !== null && leavesAfter >= ctx.maxLeafNodes) {
      finalize(left);
      finalize(right);
      this.release(parent);
      return true;
    }
    if (ctx.maxDepth !== null && depth >= ctx.maxDepth) {
      finalize(left);
      finalize(right);
    } else {
      if (nl < ctx.minSamplesLeaf * 2) finalize(left);
      if (nr < ctx.minSamplesLeaf * 2) finalize(right);
    }
    if (!left.leaf || !right.leaf) {
      const [small, large] = nl < nr ? [left, right] : [right, left];
      small.hist = this.takeHist();
      large.hist = this.takeHist();
      const t1 = performance.now();
      pool.histograms(small.hist, small.start, small.stop, column, ctx.constHess);
      const p = parent.hist as Float64Array;
      const a = small.hist;
      const b = large.hist;
      for (let i = 0; i < b.length; i++) b[i] = (p[i] as number) - (a[i] as number);
      this.timings.histograms += performance.now() - t1;
      if (!left.leaf) evaluate(left);
      if (!right.leaf) evaluate(right);
      if (left.leaf) this.release(left);
      if (right.leaf) this.release(right);
    }
    this.release(parent);
    return false;
  }
}

function toPreorder(root: Node, learningRate: number, leaves: number): BinTree {
  const t: BinTree = {
    feature: [],
    bin: [],
    missingLeft: [],
    catBitset: [],
    value: [],
    gain: [],
    count: [],
    left: [],
    right: [],
    leaves,
  };
  const visit = (n: Node): number => {
    const i = t.feature.length;
    const split = n.leaf ? null : n.split;
    t.feature.push(split ? split.feature : -1);
    t.bin.push(split ? split.bin : 0);
    t.missingLeft.push(split ? split.missingLeft : false);
    t.catBitset.push(split ? split.catBitset : null);
    t.value.push(n.value * learningRate);
    t.gain.push(split ? split.gain : 0);
    t.count.push(n.stop - n.start);
    t.left.push(-1);
    t.right.push(-1);
    if (split && n.left && n.right) {
      t.left[i] = visit(n.left);
      t.right[i] = visit(n.right);
    }
    return i;
  };
  visit(root);
  return t;
}

/** Max-heap on gain; equal gains pop in creation order (deterministic). */
function before(a: Node, b: Node): boolean {
  const ga = (a.split as SplitInfo).gain;
  const gb = (b.split as SplitInfo).gain;
  return ga > gb || (ga === gb && a.id < b.id);
}

function heapPush(heap: Node[], n: Node): void {
  heap.push(n);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i] as Node, heap[p] as Node)) break;
    [heap[i], heap[p]] = [heap[p] as Node, heap[i] as Node];
    i = p;
  }
}

function heapPop(heap: Node[]): Node {
  const top = heap[0] as Node;
  const last = heap.pop() as Node;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Node, heap[m] as Node)) m = l;
      if (r < heap.length && before(heap[r] as Node, heap[m] as Node)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as Node, heap[i] as Node];
      i = m;
    }
  }
  return top;
}
