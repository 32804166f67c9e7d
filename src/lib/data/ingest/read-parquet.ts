import { DataValidationError } from '../../errors.js';
import type { ColumnMap, RawColumns } from './column-map.js';
import type { ChunkOptions } from './read-chunks.js';

/** Rows decoded at a time: bounds memory to one batch of row objects, whatever the file size. */
const BATCH = 65_536;

/** A Parquet file, read with hyparquet (pure JS) in batches of rows; yields every `chunkRows` rows. */
export async function* readParquet(
  file: string,
  map: ColumnMap,
  options: ChunkOptions = {},
): AsyncGenerator<RawColumns> {
  const chunkRows = options.chunkRows ?? Number.POSITIVE_INFINITY;
  const batch = Math.min(BATCH, chunkRows);
  // Loaded here, for Parquet files only: its 29 modules cost every other read ~25 ms of start-up.
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw unreadable(file, error);
  }
  const total = Number(metadata.num_rows);
  for (let start = 0; start < total; start += batch) {
    const rowEnd = Math.min(total, start + batch);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd });
    } catch (error) {
      throw unreadable(file, error);
    }
    for (const row of rows) {
      for (const key in row) map.add(key)?.pushValue(row[key]);
      map.endRow();
    }
    options.onProgress?.(Math.round((buffer.byteLength * rowEnd) / Math.max(1, total)));
    if (map.rows >= chunkRows) yield map.take();
  }
  yield map.take();
}

function unreadable(file: string, error: unknown): DataValidationError {
  if (error instanceof DataValidationError) return error;
  return new DataValidationError(`${file}: not a readable Parquet file: ${(error as Error).message}`, {
    code: 'MLX_DATA_MALFORMED',
    hint: 'Check that the file is complete and really Parquet (or set data.format).',
    details: { file },
  });
}
