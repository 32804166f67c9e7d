/**
 * Best split of a node from its histograms, as scikit-learn's `Splitter.find_node_split` (1.2):
 * numeric features are scanned left to right (missing values go right) and, when the feature has
 * missing values, right to left (missing values go left); categorical features sort their
 * categories by gradient / (hessian + 10) and scan from both ends up to the middle (LightGBM's
 * approach, with its cat_smooth = 10 and min support). Gains are XGBoost's loss reduction.
 */
import { BITSET_WORDS } from '../../../model/families/gbdt/format.js';
import { HIST_STRIDE } from './kernels.js';

/** scikit-learn's min_hessian_to_split. */
export const MIN_HESSIAN_TO_SPLIT = 1e-3;
/** LightGBM's cat_smooth / min support, as scikit-learn's MIN_CAT_SUPPORT. */
const MIN_CAT_SUPPORT = 10;

export interface SplitContext {
  width: number;
  nb: number;
  missingBin: number;
  nBinsNonMissing: Int32Array;
  hasMissing: Uint8Array;
  isCategorical: Uint8Array;
  l2: number;
  minSamplesLeaf: number;
  /** Hessians are all 1 (squared error, unit weights): the count stands in for the hessian sum. */
  constHess: boolean;
}

export interface SplitInfo {
  gain: number;
  feature: number;
  /** Numeric: bins <= bin go left. Unused (0) for categorical splits. */
  bin: number;
  missingLeft: boolean;
  gradLeft: number;
  hessLeft: number;
  gradRight: number;
  hessRight: number;
  nLeft: number;
  nRight: number;
  valueLeft: number;
  valueRight: number;
  /** Categorical: bitset over bins (= category codes, plus the missing bin) that go left. */
  catBitset: Uint32Array | null;
}

/** A node's value: the Newton step -G / (H + l2), before the learning rate. */
export function nodeValue(sumGrad: number, sumHess: number, l2: number): number {
  return -sumGrad / (sumHess + l2 + 1e-15);
}

function gainOf(gl: number, hl: number, gr: number, hr: number, lossNode: number, l2: number): number {
  return lossNode - gl * nodeValue(gl, hl, l2) - gr * nodeValue(gr, hr, l2);
}

/**
 * Best split over all features, or null when none has a positive gain under the constraints.
 * `value` is the node's own value (0 for the root, as scikit-learn does).
 */
export function findBestSplit(
  ctx: SplitContext,
  hist: Float64Array,
  n: number,
  sumGrad: number,
  sumHess: number,
  value: number,
): SplitInfo | null {
  const lossNode = value * sumGrad;
  let best: SplitInfo | null = null;
  for (let f = 0; f < ctx.width; f++) {
    const found = ctx.isCategorical[f]
      ? categoricalSplit(ctx, hist, f, n, sumGrad, sumHess, lossNode)
      : numericSplit(ctx, hist, f, n, sumGrad, sumHess, lossNode);
    // Ties keep the lowest feature index, as scikit-learn.
    if (found && (!best || found.gain > best.gain)) best = found;
  }
  return best;
}

function finish(
  ctx: SplitContext,
  f: number,
  gain: number,
  bin: number,
  missingLeft: boolean,
  gl: number,
  hl: number,
  nl: number,
  n: number,
  sumGrad: number,
  sumHess: number,
  catBitset: Uint32Array | null,
): SplitInfo {
  const gr = sumGrad - gl;
  const hr = sumHess - hl;
  return {
    gain,
    feature: f,
    bin,
    missingLeft,
    gradLeft: gl,
    hessLeft: hl,
    gradRight: gr,
    hessRight: hr,
    nLeft: nl,
    nRight: n - nl,
    valueLeft: nodeValue(gl, hl, ctx.l2),
    valueRight: nodeValue(gr, hr, ctx.l2),
    catBitset,
  };
}

function numericSplit(
  ctx: SplitContext,
  hist: Float64Array,
  f: number,
  n: number,
  sumGrad: number,
  sumHess: number,
  lossNode: number,
): SplitInfo | null {
  const { l2, minSamplesLeaf: msl, constHess } = ctx;
  const nbnm = ctx.nBinsNonMissing[f] as number;
  const hasMissing = ctx.hasMissing[f] === 1;
  const base = f * ctx.nb * HIST_STRIDE;
  let bestGain = -1;
  let bestBin = -1;
  let bestGl = 0;
  let bestHl = 0;
  let bestNl = 0;
  let bestMissingLeft = false;
  // Left to right: the last non-missing bin never goes left unless missing values exist (they go right).
  const end = nbnm - 1 + (hasMissing ? 1 : 0);
  let gl = 0;
  let hl = 0;
  let nl = 0;
  for (let b = 0; b < end; b++) {
    const j = base + b * HIST_STRIDE;
    nl += hist[j + 2] as number;
    hl += constHess ? (hist[j + 2] as number) : (hist[j + 1] as number);
    gl += hist[j] as number;
    if (nl < msl) continue;
    if (n - nl < msl) break;
    if (hl < MIN_HESSIAN_TO_SPLIT) continue;
    if (sumHess - hl < MIN_HESSIAN_TO_SPLIT) break;
    const gain = gainOf(gl, hl, sumGrad - gl, sumHess - hl, lossNode, l2);
    if (gain > bestGain && gain > 0) {
      bestGain = gain;
      bestBin = b;
      bestGl = gl;
      bestHl = hl;
      bestNl = nl;
    }
  }
  if (hasMissing) {
    // Right to left: missing values go left with the bins below the threshold.
    let gr = 0;
    let hr = 0;
    let nr = 0;
    for (let b = nbnm - 2; b >= 0; b--) {
      const j = base + (b + 1) * HIST_STRIDE;
      nr += hist[j + 2] as number;
      hr += constHess ? (hist[j + 2] as number) : (hist[j + 1] as number);
      gr += hist[j] as number;
      const lhl = sumHess - hr;
      const lgl = sumGrad - gr;
      if (nr < msl) continue;
      if (n - nr < msl) break;
      if (hr < MIN_HESSIAN_TO_SPLIT) continue;
      if (lhl < MIN_HESSIAN_TO_SPLIT) break;
      const gain = gainOf(lgl, lhl, gr, hr, lossNode, l2);
      if (gain > bestGain && gain > 0) {
        bestGain = gain;
        bestBin = b;
        bestGl = lgl;
        bestHl = lhl;
        bestNl = n - nr;
        bestMissingLeft = true;
      }
    }
  }
  if (bestBin < 0) return null;
  return finish(ctx, f, bestGain, bestBin, bestMissingLeft, bestGl, bestHl, bestNl, n, sumGrad, sumHess, null);
}

function categoricalSplit(
  ctx: SplitContext,
  hist: Float64Array,
  f: number,
  n: number,
  sumGrad: number,
  sumHess: number,
  lossNode: number,
): SplitInfo | null {
  const { l2, minSamplesLeaf: msl, constHess, missingBin } = ctx;
  const base = f * ctx.nb * HIST_STRIDE;
  const supportFactor = n / sumHess; // 1 when hessians are constant
  const bins: number[] = [];
  const values: number[] = [];
  const consider = (b: number) => {
    const j = base + b * HIST_STRIDE;
    const h = constHess ? (hist[j + 2] as number) : (hist[j + 1] as number);
    if (h * supportFactor >= MIN_CAT_SUPPORT) {
      bins.push(b);
      values[b] = (hist[j] as number) / (h + MIN_CAT_SUPPORT);
    }
  };
  const nbnm = ctx.nBinsNonMissing[f] as number;
  for (let b = 0; b < nbnm; b++) consider(b);
  // Missing values are one more category.
  if (ctx.hasMissing[f] === 1) consider(missingBin);
  const used = bins.length;
  if (used <= 1) return null;
  // Ties (rare) are broken by category code, so the order is well defined.
  bins.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  let bestGain = -1;
  let bestEnd = -1;
  let bestDirection = 1;
  let bestGl = 0;
  let bestHl = 0;
  let bestNl = 0;
  for (const direction of [1, -1]) {
    const middle = Math.floor((used + 1) / 2) - (direction === 1 ? 0 : 1);
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let i = 0; i < middle; i++) {
      const sorted = direction === 1 ? i : used - 1 - i;
      const j = base + (bins[sorted] as number) * HIST_STRIDE;
      nl += hist[j + 2] as number;
      hl += constHess ? (hist[j + 2] as number) : (hist[j + 1] as number);
      gl += hist[j] as number;
      if (nl < msl || hl < MIN_HESSIAN_TO_SPLIT) continue;
      if (n - nl < msl || sumHess - hl < MIN_HESSIAN_TO_SPLIT) break;
      const gain = gainOf(gl, hl, sumGrad - gl, sumHess - hl, lossNode, l2);
      if (gain > bestGain && gain > 0) {
        bestGain = gain;
        bestEnd = sorted;
        bestDirection = direction;
        bestGl = gl;
        bestHl = hl;
        bestNl = nl;
      }
    }
  }
  if (bestEnd < 0) return null;
  const bitset = new Uint32Array(BITSET_WORDS);
  const [from, to] = bestDirection === 1 ? [0, bestEnd] : [bestEnd, used - 1];
  for (let i = from; i <= to; i++) {
    const b = bins[i] as number;
    bitset[b >>> 5] = (bitset[b >>> 5] as number) | (1 << (b & 31));
  }
  const missingLeft = ctx.hasMissing[f] === 1 && ((bitset[missingBin >>> 5] as number) >>> (missingBin & 31)) % 2 === 1;
  return finish(ctx, f, bestGain, 0, missingLeft, bestGl, bestHl, bestNl, n, sumGrad, sumHess, bitset);
}
