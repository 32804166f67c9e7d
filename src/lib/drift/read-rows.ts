import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type { FeatureType, Row } from '../contracts.js';
import { InputError } from '../errors.js';

/** Reads rows from NDJSON / JSON (array) natively, and CSV / TSV / Parquet through the data module. */
export async function readRowsFile(
  file: string,
  config: MlxConfig,
  types?: Readonly<Record<string, FeatureType>>,
): Promise<Row[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError('MLX_DATA_NOT_FOUND', `Cannot read ${file}: ${(error as Error).message}`, {
        hint: 'Check the path given to --reference / --current.',
        cause: error,
      });
    }
    try {
      if (ext === '.json') {
        const parsed = JSON.parse(text) as unknown;
        const rows = Array.isArray(parsed) ? parsed : (parsed as { instances?: unknown }).instances;
        if (!Array.isArray(rows)) throw new Error('expected an array of objects (or {"instances": [...]})');
        return rows as Row[];
      }
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Row);
    } catch (error) {
      throw new InputError(
        'MLX_DATA_PARSE',
        `${file} is not valid ${ext.slice(1).toUpperCase()}: ${(error as Error).message}`,
        {
          hint: 'NDJSON: one JSON object per line; JSON: an array of objects.',
          cause: error,
        },
      );
    }
  }
  const { ingestFile } = await import('../data/index.js');
  const { table } = await ingestFile(file, { config, ...(types ? { types } : {}) });
  return table.objects() as Row[];
}

/** Feature types guessed from values when there is no schema: numeric if every value is a number. */
export function inferFeatureTypes(rows: readonly Row[]): Record<string, FeatureType> {
  const types: Record<string, FeatureType> = {};
  for (const row of rows)
    for (const [name, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      const t: FeatureType =
        typeof value === 'number' ? 'numeric' : typeof value === 'boolean' ? 'boolean' : 'categorical';
      if (types[name] === undefined) types[name] = t;
      else if (types[name] !== t) types[name] = 'categorical';
    }
  return types;
}
