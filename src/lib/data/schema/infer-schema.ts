import { readFile, writeFile } from 'node:fs/promises';
import YAML from 'yaml';
import type { MlxConfig } from '../../config/index.js';
import { ingestFile } from '../ingest/read-table.js';
import type { ColumnProfile } from '../profile.js';
import { profileTable } from '../profile.js';

type FeatureSpec = MlxConfig['data']['features'][string];
export type InferredFeature = Pick<FeatureSpec, 'type' | 'required' | 'max_missing'> &
  Partial<Pick<FeatureSpec, 'min' | 'max' | 'allowed'>>;

export interface InferSchemaResult {
  file: string;
  rows: number;
  features: Record<string, InferredFeature>;
  /** The `data.features` block as YAML, ready to paste into mlx.config.yaml. */
  yaml: string;
}

/**
 * A starting schema from a file (TFDV's infer_schema): each column's type, observed range,
 * categories (up to `maxAllowed`), and a max_missing a little above what was seen.
 */
export async function inferSchema(file: string, config: MlxConfig, maxAllowed = 20): Promise<InferSchemaResult> {
  const ingest = await ingestFile(file, { config, types: {} });
  const features: Record<string, InferredFeature> = {};
  for (const column of profileTable(ingest.table, ingest.types)) {
    if (column.name === config.data.target) continue;
    features[column.name] = inferFeature(column, maxAllowed);
  }
  return { file, rows: ingest.rows, features, yaml: YAML.stringify({ data: { features } }, { flow: false }) };
}

function inferFeature(column: ColumnProfile, maxAllowed: number): InferredFeature {
  const missingFraction = column.count === 0 ? 0 : column.missing / column.count;
  const max_missing = missingFraction === 0 ? 0 : Math.min(1, Math.ceil(missingFraction * 200) / 100);
  const base = { type: column.type, required: true, max_missing };
  if ('min' in column) return { ...base, min: column.min, max: column.max };
  if (column.type === 'categorical' && column.distinct <= maxAllowed) {
    return { ...base, allowed: column.top.map((t) => t.value).sort() };
  }
  return base;
}

/** Writes `data.features` into a YAML config file, keeping its comments and other keys. */
export async function writeFeaturesToConfig(
  configFile: string,
  features: Record<string, InferredFeature>,
): Promise<void> {
  const doc = YAML.parseDocument(await readFile(configFile, 'utf8'));
  doc.setIn(['data', 'features'], doc.createNode(features));
  await writeFile(configFile, doc.toString({ lineWidth: 0 }));
}
