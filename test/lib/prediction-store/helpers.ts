import type { StoredPrediction } from '../../../src/lib/contracts.js';
import { openPredictionReader, type PredictionRecord, sqliteTarget } from '../../../src/lib/prediction-store/index.js';

/** A stored-prediction record; `i` makes it unique. */
export function record(i: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    ts: 1_000 + i,
    requestId: `req-${i}`,
    modelName: 'penguins',
    modelVersion: '1',
    inputs: { bill_length_mm: 40 + i, island: 'Biscoe' },
    outputs: { label: 'Adelie', probabilities: { Adelie: 0.9, Gentoo: 0.1 } },
    latencyMs: 1.5,
    ...overrides,
  };
}

/** Every row of a SQLite store file, read through the reader interface. */
export async function readSqliteStore(file: string): Promise<StoredPrediction[]> {
  const reader = await openPredictionReader(sqliteTarget(file));
  if (!reader) throw new Error(`no store at ${file}`);
  try {
    return await reader.query();
  } finally {
    await reader.close();
  }
}
