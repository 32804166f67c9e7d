import type { InputIssue } from '../../contracts.js';
import { featureKind } from '../features/index.js';
import type { IssueReporter, NumberMatrix } from '../features/kind.js';
import type { ValueReader } from './column-source.js';
import type { EncodedColumn, FittedPipeline } from './types.js';

/** The position an encoder is at, updated in place so one reporter serves a whole transform. */
export interface Cursor {
  row: number;
  feature: string;
}

/**
 * Fills `out` (rows × pipeline.width, zeroed) with the one-hot/scaled encoding, feature by feature. A
 * column the reader has as distinct values (dictionary-coded text) is encoded once per distinct value and copied to its
 * rows, each row getting the problems its value reported: the same cells and issues as value by value.
 */
export function writeOnehot(
  pipeline: FittedPipeline,
  rows: number,
  reader: ValueReader,
  out: NumberMatrix,
  cursor: Cursor,
  report: IssueReporter,
): void {
  const width = pipeline.width;
  const na = layoutOf(pipeline).na;
  let offset = 0;
  pipeline.features.forEach((feature, k) => {
    const kind = featureKind(feature.kind);
    const w = kind.width(feature);
    cursor.feature = feature.name;
    const distinct = reader.distinct?.(k);
    const numbers = !distinct && w === 1 ? reader.numbers?.(k) : undefined;
    if (numbers && kind.encodeNumbers) {
      kind.encodeNumbers(feature, numbers, rows, out, { width, offset }, (row, issue, message) => {
        cursor.row = row;
        report(issue, message);
      });
    } else if (distinct) {
      const { scratch, issues } = encodeDistinct(distinct.values, w, out instanceof Float32Array, (v, into, at, r) =>
        kind.encode(feature, v, into, at, na, r),
      );
      // `out` is zeroed: only each value's non-zero cells are written (a one-hot of 50 categories: one of 50).
      const { starts, cells, values } = nonZeroCells(scratch, distinct.values.length, w);
      for (let row = 0; row < rows; row++) {
        const code = distinct.codes[row] as number;
        const base = row * width + offset;
        for (let j = starts[code] as number, end = starts[code + 1] as number; j < end; j++)
          out[base + (cells[j] as number)] = values[j] as number;
        const found = issues[code];
        if (found && found.length > 0) {
          cursor.row = row;
          for (const [issue, message] of found) report(issue, message);
        }
      }
    } else {
      for (let row = 0; row < rows; row++) {
        cursor.row = row;
        kind.encode(feature, reader.at(feature, k, row), out, row * width + offset, na, report);
      }
    }
    offset += w;
  });
}

/** Each distinct value encoded once (`w` cells each, in the precision of the target) with the problems it reported. */
function encodeDistinct(
  values: readonly unknown[],
  w: number,
  float32: boolean,
  encode: (value: unknown, into: NumberMatrix, at: number, report: IssueReporter) => void,
): { scratch: NumberMatrix; issues: [InputIssue['kind'], string][][] } {
  const scratch = float32 ? new Float32Array(values.length * w) : new Float64Array(values.length * w);
  const issues = values.map((value, j) => {
    const found: [InputIssue['kind'], string][] = [];
    encode(value, scratch, j * w, (issue, message) => found.push([issue, message]));
    return found;
  });
  return { scratch, issues };
}

/**
 * The cells of each of `n` encoded values (`w` cells each in `scratch`) that are not +0: value `v`'s are
 * `cells`/`values` [starts[v], starts[v + 1]) (offsets within its `w`). A -0 counts as non-zero (copied as it is).
 */
function nonZeroCells(
  scratch: NumberMatrix,
  n: number,
  w: number,
): { starts: Int32Array; cells: Int32Array; values: Float64Array } {
  const starts = new Int32Array(n + 1);
  let count = 0;
  for (let i = 0; i < n * w; i++) if (!Object.is(scratch[i], 0)) count++;
  const cells = new Int32Array(count);
  const values = new Float64Array(count);
  let j = 0;
  for (let v = 0; v < n; v++) {
    starts[v] = j;
    for (let q = 0; q < w; q++) {
      const x = scratch[v * w + q] as number;
      if (Object.is(x, 0)) continue;
      cells[j] = q;
      values[j++] = x;
    }
  }
  starts[n] = j;
  return { starts, cells, values };
}

function copyCells(from: NumberMatrix, at: number, to: NumberMatrix, into: number, w: number): void {
  for (let q = 0; q < w; q++) to[into + q] = from[at + q] as number;
}

/** What every encoding of a (loaded, never changed) pipeline needs, made once: a single-row call pays none of it. */
interface Layout {
  na: ReadonlySet<string>;
  /** The ordinal columns of each feature, and all of them in order. */
  ordinal: EncodedColumn[][];
  columns: readonly EncodedColumn[];
}

const layouts = new WeakMap<FittedPipeline, Layout>();

function layoutOf(pipeline: FittedPipeline): Layout {
  let layout = layouts.get(pipeline);
  if (!layout) {
    const ordinal = pipeline.features.map((feature) => featureKind(feature.kind).ordinalColumns(feature));
    layout = { na: new Set(pipeline.na_values), ordinal, columns: ordinal.flat() };
    layouts.set(pipeline, layout);
  }
  return layout;
}

/** The ordinal columns of a pipeline: one per feature (a datetime: one per part). */
export function ordinalColumns(pipeline: FittedPipeline): EncodedColumn[] {
  return layoutOf(pipeline).columns.slice();
}

/** Fills `out` (rows × `width`, the number of `ordinalColumns`) with the ordinal encoding, feature by feature. */
export function writeOrdinal(
  pipeline: FittedPipeline,
  rows: number,
  reader: ValueReader,
  out: Float64Array,
  width: number,
): void {
  const { na, ordinal } = layoutOf(pipeline);
  let offset = 0;
  pipeline.features.forEach((feature, k) => {
    const kind = featureKind(feature.kind);
    const w = (ordinal[k] as EncodedColumn[]).length;
    const distinct = reader.distinct?.(k);
    if (distinct) {
      const { scratch } = encodeDistinct(distinct.values, w, false, (v, into, at) =>
        kind.encodeOrdinal(feature, v, into as Float64Array, at, na),
      );
      for (let row = 0; row < rows; row++)
        copyCells(scratch, (distinct.codes[row] as number) * w, out, row * width + offset, w);
    } else {
      for (let row = 0; row < rows; row++)
        kind.encodeOrdinal(feature, reader.at(feature, k, row), out, row * width + offset, na);
    }
    offset += w;
  });
}
