/**
 * The compiled forest as the bytes the WebAssembly kernel (predict.wat) reads: every node twice —
 * a 32-byte record with a 256-byte step table per split (for groups of 8 rows: one table lookup a
 * step) and a 16-byte record that compares the code with a rank kept in it (for single rows: a walk
 * that touches a record's cache line and nothing else for a numeric split) — and per feature what
 * turns a value into its one-byte code. The codes make every split one lookup or one compare: a
 * numeric value's code is its rank among the distinct thresholds the forest uses on its feature (so
 * `x > threshold` ⇔ `rank > index of the threshold`, exactly, for every double), a category's code
 * its table index. Bit-identical scores follow from the same leaves being added in the same order as
 * the JavaScript walk.
 */
import { CATEGORICAL, type CompiledForest } from './compile.js';
import { CONTROL_AT, CONTROL_BYTES } from './predict-slice.js';

/** Bytes per node record: feature × 8 (i32), left child record (i32), step table (i32), pad, value (f64), pad. */
export const RECORD_BYTES = 32;
/**
 * Bytes per compact record: [0] i32 the left child's compact record (the right one follows; a leaf:
 * itself); [4] the split word (bits 0–7 the compared rank, 8 the missing-left shift, 9–30 the
 * feature × 8, 31 internal); [8] a leaf's value (f64), or an internal node's step table (i32: a categorical
 * split's, shared with its 32-byte record; 0, the zero table, for a numeric split).
 */
export const COMPACT_BYTES = 16;
/** The code of a missing numeric value; ranks of non-missing values stay below it. */
const NAN_CODE = 255;
/** Most distinct finite thresholds on one numeric feature that leave 255 free for NaN (ranks 0..254). */
const MAX_THRESHOLDS = 254;
/** The widest forest the compact records' 22-bit feature field holds (feature × 8 < 2²²). */
const MAX_WIDTH = 524_287;
/** Split word: an internal node. */
const INTERNAL = 0x8000_0000;
/** Split word: a missing value goes left (its code 255 wraps to 0 before the compare). */
const MISSING_LEFT = 1 << 8;

/** Where each part of the image starts (byte offsets in the kernel's memory). */
export interface ForestImage {
  bytes: Uint8Array;
  /** The roots' 32-byte records (i32 addresses, tree by tree). */
  roots: number;
  /** The roots' compact records. */
  compactRoots: number;
  /**
   * Where the part a single row reads starts (compact records, their roots, the coding tables); it
   * ends with the image.
   */
  single: number;
  kind: number;
  count: number;
  table: number;
}

const FEATURE_UNUSED = 0;
const FEATURE_NUMERIC = 1;
const FEATURE_CATEGORICAL = 2;

/** Distinct values in ascending order (-0 and 0 are one threshold: they compare alike). */
function distinctSorted(values: number[]): number[] {
  const out = [...new Set(values.map((v) => (v === 0 ? 0 : v)))];
  return out.sort((a, b) => a - b);
}

/**
 * The image of a compiled forest over `width` features, or null when the one-byte codes cannot
 * express it (a numeric feature with more than 254 distinct thresholds — mlx's trainer never makes
 * one, as it has at most 254 bin edges — a feature split both as numeric and as categorical, or more
 * than 524,287 features): such a model takes the JavaScript walk.
 */
export function forestImage(forest: CompiledForest, width: number): ForestImage | null {
  if (width > MAX_WIDTH) return null;
  const nodes = forest.feature.length;
  const kind = new Uint8Array(width);
  const count = new Int32Array(width);
  const used: number[][] = Array.from({ length: width }, () => []);
  for (let n = 0; n < nodes; n++) {
    if (forest.isLeaf[n] === 1) continue;
    const f = forest.feature[n] as number;
    const k = ((forest.flags[n] as number) & CATEGORICAL) !== 0 ? FEATURE_CATEGORICAL : FEATURE_NUMERIC;
    if (f >= width || (kind[f] !== FEATURE_UNUSED && kind[f] !== k)) return null;
    kind[f] = k;
    if (k === FEATURE_CATEGORICAL) count[f] = forest.catCount[n] as number;
    else if ((forest.threshold[n] as number) !== Number.POSITIVE_INFINITY) used[f]?.push(forest.threshold[n] as number);
  }
  const thresholds = used.map(distinctSorted);
  if (thresholds.some((t) => t.length > MAX_THRESHOLDS)) return null;
  const indices = thresholdIndices(forest, thresholds);
  const steps = stepTables(forest, indices);
  const numeric = kind.reduce((a, k) => a + (k === FEATURE_NUMERIC ? 1 : 0), 0);

  // Bytes 0..255: the zero table of every leaf; then the control words of predict-slice.ts.
  let end = CONTROL_AT + CONTROL_BYTES;
  const take = (bytes: number) => {
    end = Math.ceil(end / 64) * 64;
    const at = end;
    end += bytes;
    return at;
  };
  const records = take(nodes * RECORD_BYTES);
  const tables = take(steps.tables.length);
  const roots = take(forest.roots.length * 4);
  // From here to the end: what a single row's walk reads but the step tables (see `single`).
  const compact = take(nodes * COMPACT_BYTES);
  const compactRoots = take(forest.roots.length * 4);
  const kindAt = take(width);
  const countAt = take(width * 4);
  const tableAt = take(width * 4);
  const searchTables = take(numeric * 256 * 8);
  const bytes = new Uint8Array(Math.ceil(end / 64) * 64);
  const view = new DataView(bytes.buffer);

  bytes.set(steps.tables, tables);
  for (let n = 0; n < nodes; n++) {
    const at = records + n * RECORD_BYTES;
    view.setInt32(at, (forest.feature[n] as number) * 8, true);
    view.setInt32(at + 4, records + (forest.child[n] as number) * RECORD_BYTES, true);
    view.setFloat64(at + 16, forest.value[n] as number, true);
    // A leaf keeps table 0: the zero table.
    if (forest.isLeaf[n] !== 1) view.setInt32(at + 8, tables + (steps.of[n] as number), true);
    compactRecord(forest, n, view, compact, tables + (steps.of[n] as number), indices);
  }
  forest.roots.forEach((root, t) => {
    view.setInt32(roots + t * 4, records + root * RECORD_BYTES, true);
    view.setInt32(compactRoots + t * 4, compact + root * COMPACT_BYTES, true);
  });
  let search = searchTables;
  for (let f = 0; f < width; f++) {
    bytes[kindAt + f] = kind[f] as number;
    view.setInt32(countAt + f * 4, count[f] as number, true);
    if (kind[f] !== FEATURE_NUMERIC) continue;
    view.setInt32(tableAt + f * 4, search, true);
    const t = thresholds[f] ?? [];
    for (let i = 0; i < 256; i++) view.setFloat64(search + i * 8, t[i] ?? Number.POSITIVE_INFINITY, true);
    search += 256 * 8;
  }
  return { bytes, roots, compactRoots, kind: kindAt, count: countAt, table: tableAt, single: compact };
}

/**
 * Each numeric split's threshold index among its feature's distinct thresholds (`MAX_THRESHOLDS` for
 * +Infinity: above every finite value's rank); 0 for other nodes. Found once per split, for both records.
 */
function thresholdIndices(forest: CompiledForest, thresholds: number[][]): Int32Array {
  const indices = new Int32Array(forest.feature.length);
  const positions = thresholds.map((t) => new Map(t.map((value, i) => [value, i])));
  for (let n = 0; n < forest.feature.length; n++) {
    if (forest.isLeaf[n] === 1 || ((forest.flags[n] as number) & CATEGORICAL) !== 0) continue;
    const threshold = forest.threshold[n] as number;
    indices[n] =
      threshold === Number.POSITIVE_INFINITY
        ? MAX_THRESHOLDS
        : (positions[forest.feature[n] as number]?.get(threshold === 0 ? 0 : threshold) as number);
  }
  return indices;
}

/**
 * Node n's compact record in the array at `compact`. A numeric split compares: x > threshold ⇔
 * rank > its index; +Infinity is no rank's upper neighbour, so only NaN (code 255) may go right
 * (index 254). A missing value that goes left is shifted: code + 1 (mod 256) turns 255 into 0 and each
 * rank r into r + 1, compared with index + 1. A categorical split (its table: entry 32 when the code
 * goes right, halved by the kernel) and a leaf compare with 255, which no code exceeds.
 */
function compactRecord(
  forest: CompiledForest,
  n: number,
  view: DataView,
  compact: number,
  table: number,
  indices: Int32Array,
): void {
  const at = compact + n * COMPACT_BYTES;
  view.setInt32(at, compact + (forest.child[n] as number) * COMPACT_BYTES, true);
  if (forest.isLeaf[n] === 1) {
    view.setUint32(at + 4, NAN_CODE, true);
    view.setFloat64(at + 8, forest.value[n] as number, true);
    return;
  }
  const f = forest.feature[n] as number;
  const flags = forest.flags[n] as number;
  let word = INTERNAL | ((f * 8) << 9);
  if ((flags & CATEGORICAL) !== 0) {
    word |= NAN_CODE;
    view.setInt32(at + 8, table, true);
  } else {
    const index = indices[n] as number;
    const missingLeft = (flags & 1) === 0;
    word |= (index + (missingLeft ? 1 : 0)) | (missingLeft ? MISSING_LEFT : 0);
  }
  view.setUint32(at + 4, word >>> 0, true);
}

/**
 * The step table of every split, each distinct table stored once: `of[n]` is split n's offset in
 * `tables`. Splits share tables: a numeric split's table depends only on its threshold's rank and its
 * missing-value direction, so a forest has at most ~510 numeric tables whatever its size (one table per
 * split made penguins' 300-tree image 562 KB, now 154 KB; the 1M-row bench model's 981 → 547 KB: less for
 * a served model to bring back into the caches after each HTTP request).
 */
function stepTables(forest: CompiledForest, indices: Int32Array): { tables: Uint8Array; of: Int32Array } {
  const of = new Int32Array(forest.feature.length);
  const known = new Map<string, number>();
  const chunks: Uint8Array[] = [];
  const table = new Uint8Array(256);
  for (let n = 0; n < forest.feature.length; n++) {
    if (forest.isLeaf[n] === 1) continue;
    table.fill(0);
    const flags = forest.flags[n] as number;
    if ((flags & CATEGORICAL) !== 0) {
      const offset = forest.catOffset[n] as number;
      for (let code = 0; code <= (forest.catCount[n] as number); code++)
        table[code] = (forest.catRight[offset + code] as number) * RECORD_BYTES;
    } else {
      // x > threshold ⇔ rank > its index; +Infinity is no rank's upper neighbour: only NaN may go right.
      table.fill(RECORD_BYTES, (indices[n] as number) + 1, NAN_CODE);
      if ((flags & 1) !== 0) table[NAN_CODE] = RECORD_BYTES;
    }
    const key = Buffer.from(table.buffer, table.byteOffset, 256).toString('latin1');
    let at = known.get(key);
    if (at === undefined) {
      at = chunks.length * 256;
      known.set(key, at);
      chunks.push(table.slice());
    }
    of[n] = at;
  }
  const tables = new Uint8Array(chunks.length * 256);
  chunks.forEach((chunk, i) => {
    tables.set(chunk, i * 256);
  });
  return { tables, of };
}
