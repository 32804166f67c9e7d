/**
 * Per-feature binning as scikit-learn's `_BinMapper` (sklearn 1.2): numeric thresholds are the
 * midpoints between distinct values when there are at most `max_bins` of them, else the
 * `max_bins`-quantiles with numpy's 'midpoint' interpolation, fitted on at most 200 000 rows
 * (a seeded subsample above that). Categorical codes are their own bins. The last bin
 * (index `max_bins`) holds missing values.
 */
import { BITSET_WORDS } from '../../../model/families/gbdt/format.js';
import { mulberry32 } from '../../../random.js';
import type { GbdtData } from './types.js';

/** scikit-learn's `subsample` of `_BinMapper`: quantiles are fitted on at most this many rows. */
export const BINNING_SUBSAMPLE = 200_000;
/** scikit-learn clips thresholds here so +inf is never a threshold (except a split on missing values). */
const ALMOST_INF = 1e300;

export interface BinMapper {
  maxBins: number;
  /** Index of the missing-value bin (= maxBins), the same for every feature. */
  missingBin: number;
  /** Numeric features: ascending thresholds, value x goes to bin i iff thr[i-1] < x <= thr[i]; null for categorical. */
  thresholds: (Float64Array | null)[];
  /** Bins used by non-missing values, per feature. */
  nBinsNonMissing: Int32Array;
  isCategorical: Uint8Array;
  /** Categorical features: bitset (BITSET_WORDS words per feature) of the codes seen in the training rows. */
  known: Uint32Array;
}

/** Thresholds of one numeric column from its non-missing values, sorted ascending (sklearn `_find_binning_thresholds`). */
export function findThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  let out: Float64Array;
  if (distinct <= maxBins) {
    out = new Float64Array(Math.max(0, distinct - 1));
    let prev = sorted[0] as number;
    let j = 0;
    for (let i = 1; i < n; i++) {
      const v = sorted[i] as number;
      if (v !== prev) {
        out[j++] = (prev + v) * 0.5;
        prev = v;
      }
    }
  } else {
    out = new Float64Array(maxBins - 1);
    const step = 100 / maxBins; // numpy.linspace(0, 100, maxBins + 1)
    for (let i = 1; i < maxBins; i++) out[i - 1] = midpointPercentile(sorted, (i * step) / 100);
  }
  for (let i = 0; i < out.length; i++) if ((out[i] as number) > ALMOST_INF) out[i] = ALMOST_INF;
  return out;
}

/** numpy.percentile(a, 100 q, method='midpoint') on sorted `a`, with numpy's float operations. */
function midpointPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const v = (n - 1) * q;
  const index = 0.5 * (Math.floor(v) + Math.ceil(v));
  if (index >= n - 1) return sorted[n - 1] as number;
  const lo = Math.floor(index);
  const a = sorted[lo] as number;
  if (index === lo) return a;
  const b = sorted[lo + 1] as number;
  return b - (b - a) * 0.5; // numpy _lerp with t = 0.5
}

/** Rows used to fit the thresholds: all, or a seeded sample of {@link BINNING_SUBSAMPLE} in ascending order. */
function sampleRows(rows: number, seed: number): Uint32Array | null {
  if (rows <= BINNING_SUBSAMPLE) return null;
  const random = mulberry32(seed);
  const all = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  for (let i = 0; i < BINNING_SUBSAMPLE; i++) {
    const j = i + Math.floor(random() * (rows - i));
    const tmp = all[i] as number;
    all[i] = all[j] as number;
    all[j] = tmp;
  }
  return all.slice(0, BINNING_SUBSAMPLE).sort();
}

/** Fits the thresholds of every feature on the training split. */
export function fitBinMapper(data: GbdtData, categories: readonly number[], maxBins: number, seed: number): BinMapper {
  const { x, rows, width } = data;
  const sample = sampleRows(rows, seed);
  const n = sample ? sample.length : rows;
  const buffer = new Float64Array(n);
  const mapper: BinMapper = {
    maxBins,
    missingBin: maxBins,
    thresholds: [],
    nBinsNonMissing: new Int32Array(width),
    isCategorical: new Uint8Array(width),
    known: new Uint32Array(width * BITSET_WORDS),
  };
  for (let f = 0; f < width; f++) {
    if ((categories[f] ?? 0) > 0) {
      mapper.isCategorical[f] = 1;
      mapper.thresholds.push(null);
      mapper.nBinsNonMissing[f] = categories[f] as number;
      for (let i = 0; i < rows; i++) {
        const v = x[i * width + f] as number;
        const w = f * BITSET_WORDS + (v >>> 5);
        if (!Number.isNaN(v)) mapper.known[w] = (mapper.known[w] as number) | (1 << (v & 31));
      }
      continue;
    }
    let m = 0;
    for (let s = 0; s < n; s++) {
      const v = x[(sample ? (sample[s] as number) : s) * width + f] as number;
      if (!Number.isNaN(v)) buffer[m++] = v;
    }
    const thresholds = findThresholds(buffer.subarray(0, m).sort(), maxBins);
    mapper.thresholds.push(thresholds);
    mapper.nBinsNonMissing[f] = thresholds.length + 1;
  }
  return mapper;
}

/**
 * Bin of a numeric value: the number of thresholds below it (sklearn `_map_num_col_to_bins`),
 * by a branch-free binary search (its comparisons cannot be predicted).
 */
function numericBin(thresholds: Float64Array, v: number): number {
  let pos = 0;
  let len = thresholds.length;
  while (len > 1) {
    const half = len >> 1;
    pos += half * +((thresholds[pos + half - 1] as number) < v);
    len -= half;
  }
  return pos + +(len === 1 && (thresholds[pos] as number) < v);
}

/**
 * Bins `data` into `out` (Uint8Array of rows × width): column-major (feature f at f × rows) for
 * training, row-major for validation rows. Unknown categories and NaN go to the missing bin.
 */
export function binData(mapper: BinMapper, data: GbdtData, out: Uint8Array, layout: 'columns' | 'rows'): Uint8Array {
  const { x, rows, width } = data;
  const { missingBin, known } = mapper;
  const rowStride = layout === 'columns' ? 1 : width;
  const colStride = layout === 'columns' ? rows : 1;
  // Row by row: x is read once, in order.
  for (let i = 0; i < rows; i++) {
    const o = i * rowStride;
    for (let f = 0; f < width; f++) {
      const v = x[i * width + f] as number;
      const thr = mapper.thresholds[f];
      let bin: number;
      if (Number.isNaN(v)) bin = missingBin;
      else if (thr) bin = numericBin(thr, v);
      else {
        const k = f * BITSET_WORDS;
        bin = v >= 0 && v < 256 && (((known[k + (v >>> 5)] as number) >>> (v & 31)) & 1) === 1 ? v : missingBin;
      }
      out[o + f * colStride] = bin;
    }
  }
  return out;
}
