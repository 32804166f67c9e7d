import path from 'node:path';
import { UsageError } from '../../errors.js';

export type FileFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet';

const BY_EXTENSION: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format of a file: the configured one, or from its extension. */
export function detectFormat(file: string, format: FileFormat | 'auto' = 'auto'): FileFormat {
  if (format !== 'auto') return format;
  const ext = path.extname(file).toLowerCase();
  const found = BY_EXTENSION[ext];
  if (!found) {
    throw new UsageError(`Cannot tell the format of '${file}' from its extension '${ext}'.`, {
      hint: `Use one of ${Object.keys(BY_EXTENSION).join(', ')}, or set data.format (csv, tsv, json, ndjson, parquet).`,
    });
  }
  return found;
}
