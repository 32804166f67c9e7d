import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { DataValidationError } from '../../errors.js';
import type { ColumnMap } from './column-map.js';

/** Rows decoded at a time: bounds memory to one batch of row objects, whatever the file size. */
const BATCH = 65_536;

/** A Parquet file, read with hyparquet (pure JS) in batches of rows. */
export async function readParquet(file: string, map: ColumnMap, onProgress?: (bytes: number) => void): Promise<void> {
  try {
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    const total = Number(metadata.num_rows);
    for (let start = 0; start < total; start += BATCH) {
      const rowEnd = Math.min(total, start + BATCH);
      const rows = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd });
      for (const row of rows) {
        for (const key in row) map.add(key)?.pushValue(row[key]);
        map.endRow();
      }
      onProgress?.(Math.round((buffer.byteLength * rowEnd) / Math.max(1, total)));
    }
  } catch (error) {
    if (error instanceof DataValidationError) throw error;
    throw new DataValidationError(`${file}: not a readable Parquet file: ${(error as Error).message}`, {
      code: 'MLX_DATA_MALFORMED',
      hint: 'Check that the file is complete and really Parquet (or set data.format).',
      details: { file },
    });
  }
}
