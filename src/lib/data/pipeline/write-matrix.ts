import { featureKind } from '../features/index.js';
import type { IssueReporter, NumberMatrix } from '../features/kind.js';
import type { ValueAt } from './column-source.js';
import type { EncodedColumn, FittedPipeline } from './types.js';

/** The position an encoder is at, updated in place so one reporter serves a whole transform. */
export interface Cursor {
  row: number;
  feature: string;
}

/** Fills `out` (rows × pipeline.width, zeroed) with the one-hot/scaled encoding, feature by feature. */
export function writeOnehot(
  pipeline: FittedPipeline,
  rows: number,
  valueAt: ValueAt,
  out: NumberMatrix,
  cursor: Cursor,
  report: IssueReporter,
): void {
  const width = pipeline.width;
  const na = new Set(pipeline.na_values);
  let offset = 0;
  pipeline.features.forEach((feature, k) => {
    const kind = featureKind(feature.kind);
    cursor.feature = feature.name;
    for (let row = 0; row < rows; row++) {
      cursor.row = row;
      kind.encode(feature, valueAt(feature, k, row), out, row * width + offset, na, report);
    }
    offset += kind.width(feature);
  });
}

/** The ordinal columns of a pipeline: one per feature (a datetime: one per part). */
export function ordinalColumns(pipeline: FittedPipeline): EncodedColumn[] {
  return pipeline.features.flatMap((feature) => featureKind(feature.kind).ordinalColumns(feature));
}

/** Fills `out` (rows × `width`, the number of `ordinalColumns`) with the ordinal encoding, feature by feature. */
export function writeOrdinal(
  pipeline: FittedPipeline,
  rows: number,
  valueAt: ValueAt,
  out: Float64Array,
  width: number,
): void {
  const na = new Set(pipeline.na_values);
  let offset = 0;
  pipeline.features.forEach((feature, k) => {
    const kind = featureKind(feature.kind);
    for (let row = 0; row < rows; row++)
      kind.encodeOrdinal(feature, valueAt(feature, k, row), out, row * width + offset, na);
    offset += kind.ordinalColumns(feature).length;
  });
}
