import type { Row } from '../../contracts.js';
import { type ColumnSource, columnReader, rowReader, type ValueReader } from './column-source.js';
import type { EncodedColumn, EncodedMatrix, FittedPipeline, InputEncoding } from './types.js';
import { ordinalColumns, writeOnehot, writeOrdinal } from './write-matrix.js';

/** Encodes plain records (JSON rows, HTTP instances) as a float64 model matrix. */
export function encodeRows(pipeline: FittedPipeline, rows: readonly Row[], encoding: InputEncoding): EncodedMatrix {
  return encodeWith(pipeline, rows.length, rowReader(rows), encoding);
}

/** Encodes a column source (`tableSource(table)` for arquero) as a float64 model matrix. */
export function encodeColumns(pipeline: FittedPipeline, source: ColumnSource, encoding: InputEncoding): EncodedMatrix {
  return encodeWith(pipeline, source.rows, columnReader(pipeline.features, source), encoding);
}

/** The columns an encoding produces from a fitted pipeline, without any data (a model's input layout). */
export function encodedColumns(pipeline: FittedPipeline, encoding: InputEncoding): EncodedColumn[] {
  switch (encoding) {
    case 'onehot':
      return pipeline.outputs.map((name) => ({ name, kind: 'numeric' }));
    case 'ordinal':
      return ordinalColumns(pipeline);
    default:
      return encoding satisfies never;
  }
}

/** Problems are not collected here (`transformRows` does that): one shared no-op reporter. */
const ignore = (): void => {};

function encodeWith(
  pipeline: FittedPipeline,
  rows: number,
  reader: ValueReader,
  encoding: InputEncoding,
): EncodedMatrix {
  const columns = encodedColumns(pipeline, encoding);
  const width = columns.length;
  const x = new Float64Array(rows * width);
  switch (encoding) {
    case 'onehot':
      writeOnehot(pipeline, rows, reader, x, { row: 0, feature: '' }, ignore);
      break;
    case 'ordinal':
      writeOrdinal(pipeline, rows, reader, x, width);
      break;
    default:
      encoding satisfies never;
  }
  return { x, rows, width, columns };
}
