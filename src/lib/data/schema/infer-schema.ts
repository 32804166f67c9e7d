import { readFile, writeFile } from 'node:fs/promises';
import type { ColumnTable } from 'arquero';
import YAML from 'yaml';
import type { MlxConfig } from '../../config/index.js';
import type { Task } from '../../contracts.js';
import { coerceBoolean, isMissing } from '../coerce.js';
import { countLabels } from '../count-labels.js';
import { ingestFile } from '../ingest/read-table.js';
import type { ColumnProfile } from '../profile.js';
import { profileTable } from '../profile.js';
import { columnValues } from '../table-utils.js';
import { resolveTask } from './build-schema.js';
import { type ObservedColumn, observeColumns } from './observe.js';

type FeatureSpec = MlxConfig['data']['features'][string];
export type InferredFeature = Pick<FeatureSpec, 'type' | 'required' | 'max_missing'> &
  Partial<Pick<FeatureSpec, 'min' | 'max' | 'allowed' | 'limits'>>;

export interface InferSchemaResult {
  file: string;
  rows: number;
  /** Every column of the file (after renames, select and drop), the target included. */
  columns: string[];
  features: Record<string, InferredFeature>;
  /** What the file says about `data.target` (null when it is not set or not a column). */
  target: TargetSummary | null;
  /** The first row with no missing feature value, target left out (an example request); null when none. */
  example: Record<string, unknown> | null;
  /** The `data.features` block as YAML, ready to paste into mlx.config.yaml. */
  yaml: string;
}

export interface TargetSummary {
  name: string;
  /** `data.task`, or inferred like `mlx data prepare` does. */
  task: Task;
  /** Rows without a target (prepare drops them). */
  missing: number;
  /** Classification: the labels, sorted, and the share of the most frequent one (the baseline's accuracy). */
  classes: string[] | null;
  majorityShare: number | null;
}

/**
 * A starting schema from a file (TFDV's infer_schema): each column's type, observed range,
 * categories (up to `maxAllowed`), and a max_missing a little above what was seen. A column with
 * missing values is optional; ranges, categories and max_missing are soft limits (`limits: soft`):
 * they describe this file, and a new value outside them is a warning, not a failure.
 */
export async function inferSchema(file: string, config: MlxConfig, maxAllowed = 20): Promise<InferSchemaResult> {
  const ingest = await ingestFile(file, { config, types: {} });
  const names = ingest.table.columnNames();
  // Exact extremes (profile.json rounds), so every training value is inside its own soft range.
  const exact = observeColumns(ingest.table, names, ingest.types, {
    na: new Set(config.data.na_values),
    maxCategories: maxAllowed,
  });
  const features: Record<string, InferredFeature> = {};
  for (const column of profileTable(ingest.table, ingest.types)) {
    if (column.name === config.data.target) continue;
    features[column.name] = inferFeature(column, maxAllowed, exact[column.name]);
  }
  const targetName = config.data.target;
  return {
    file,
    rows: ingest.rows,
    columns: ingest.table.columnNames(),
    features,
    target:
      targetName !== null && names.includes(targetName) ? summarizeTarget(ingest.table, targetName, config) : null,
    example: completeRow(ingest.table, features, new Set(config.data.na_values)),
    yaml: YAML.stringify({ data: { features } }, { flow: false }),
  };
}

function completeRow(
  table: ColumnTable,
  features: Readonly<Record<string, InferredFeature>>,
  na: ReadonlySet<string>,
): Record<string, unknown> | null {
  const columns = Object.keys(features).map((name) => [name, columnValues(table, name)] as const);
  // As a request sends them: booleans as true/false (ingest reads them as 1/0).
  const asSent = (name: string, v: unknown) => (features[name]?.type === 'boolean' ? coerceBoolean(v, na) === 1 : v);
  for (let i = 0; i < table.numRows(); i++) {
    if (columns.some(([, values]) => isMissing(values[i], na))) continue;
    return Object.fromEntries(columns.map(([name, values]) => [name, asSent(name, values[i])]));
  }
  return null;
}

function summarizeTarget(table: ColumnTable, name: string, config: MlxConfig): TargetSummary {
  const task = resolveTask(table, config);
  const { counts, missing } = countLabels(columnValues(table, name), new Set(config.data.na_values));
  if (task === 'regression') return { name, task, missing, classes: null, majorityShare: null };
  const labelled = [...counts.values()].reduce((a, b) => a + b, 0);
  const majority = Math.max(0, ...counts.values());
  return {
    name,
    task,
    missing,
    classes: [...counts.keys()].sort(),
    majorityShare: labelled === 0 ? null : majority / labelled,
  };
}

/** One column's inferred spec (exported for `mlx init`, which writes the same thing). */
export function inferFeature(column: ColumnProfile, maxAllowed: number, exact?: ObservedColumn): InferredFeature {
  const missingFraction = column.count === 0 ? 0 : column.missing / column.count;
  const max_missing = missingFraction === 0 ? 0 : Math.min(1, Math.ceil(missingFraction * 200) / 100);
  const base = { type: column.type, required: column.missing === 0, max_missing, limits: 'soft' as const };
  if ('min' in column) {
    const min = exact?.min ?? column.min;
    const max = exact?.max ?? column.max;
    return { ...base, min: min === null ? null : outward(min, 'down'), max: max === null ? null : outward(max, 'up') };
  }
  if (column.type === 'categorical' && column.distinct <= maxAllowed) {
    return { ...base, allowed: column.top.map((t) => t.value).sort() };
  }
  return base;
}

/** `v` rounded to 6 significant digits away from the inside of the range (readable, never excluding `v`). */
export function outward(v: number, direction: 'down' | 'up'): number {
  const rounded = Number(v.toPrecision(6));
  if (direction === 'down' ? rounded <= v : rounded >= v) return rounded;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 5);
  return Number((direction === 'down' ? rounded - step : rounded + step).toPrecision(6));
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
