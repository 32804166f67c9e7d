import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { DataValidationError } from '../../errors.js';
import type { ColumnMap } from './column-map.js';

/** A Parquet file, read with hyparquet (pure JS). */
export async function readParquet(file: string, map: ColumnMap): Promise<void> {
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
  } catch (error) {
    throw new DataValidationError(`${file}: not a readable Parquet file: ${(error as Error).message}`, {
      code: 'MLX_DATA_MALFORMED',
      hint: 'Check that the file is complete and really Parquet (or set data.format).',
      details: { file },
    });
  }
  for (const row of rows) {
    for (const key in row) map.add(key)?.pushValue(row[key]);
    map.endRow();
  }
}
