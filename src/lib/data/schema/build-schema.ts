import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { FeatureContract, FeatureType, InputSchema, Task } from '../../contracts.js';
import { ConfigError } from '../../errors.js';
import { coerceCategory, looksBoolean } from '../coerce.js';
import { columnValues } from '../table-utils.js';

/**
 * The input contract of a dataset: every column but the target, typed by `data.features` or by
 * `types` (what ingest inferred), with the declared checks; classes are filled in by prepare.
 */
export function buildSchema(
  columns: readonly string[],
  types: Readonly<Record<string, FeatureType>>,
  config: MlxConfig,
  task: Task,
): InputSchema {
  const target = config.data.target;
  const declared = config.data.features;
  const names = [...columns.filter((c) => c !== target)];
  for (const name of Object.keys(declared)) if (!names.includes(name) && name !== target) names.push(name);
  const features = names.map((name): FeatureContract => {
    const spec = declared[name];
    const type = spec?.type ?? types[name] ?? 'categorical';
    return {
      name,
      type,
      required: spec?.required ?? true,
      min: spec?.min ?? null,
      max: spec?.max ?? null,
      allowed: spec?.allowed ?? null,
      max_missing: spec?.max_missing ?? 1,
      ...(type === 'datetime' ? { parts: [...(spec?.parts ?? ['year', 'month', 'dayofweek'])] } : {}),
    };
  });
  return { version: 1, features, target: { name: target ?? '', task, classes: null } };
}

/** `data.task`, or inferred: text/boolean targets and ≤ 10 distinct integers → classification. */
export function resolveTask(table: ColumnTable, config: MlxConfig): Task {
  if (config.data.task !== 'auto') return config.data.task;
  const target = config.data.target;
  if (target === null || !table.columnNames().includes(target)) return 'classification';
  const values = columnValues(table, target);
  if (!(values instanceof Float64Array)) return 'classification';
  const distinct = new Set<number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return 'regression';
    distinct.add(v);
    if (distinct.size > 10) return 'regression';
  }
  return 'classification';
}

/** Types of a table's columns when nothing was declared (validate a table without ingest info). */
export function inferTableTypes(table: ColumnTable, config: MlxConfig): Record<string, FeatureType> {
  const out: Record<string, FeatureType> = {};
  for (const name of table.columnNames()) {
    const declared = config.data.features[name]?.type;
    if (declared) {
      out[name] = declared;
      continue;
    }
    const values = columnValues(table, name);
    if (values instanceof Float64Array || ArrayBuffer.isView(values)) out[name] = 'numeric';
    else {
      const labels = Array.from(values as ArrayLike<unknown>, (v) => coerceCategory(v));
      const allNumbers = Array.from(values as ArrayLike<unknown>).every((v) => v === null || typeof v === 'number');
      out[name] = allNumbers ? 'numeric' : looksBoolean(labels) ? 'boolean' : 'categorical';
    }
  }
  return out;
}

/** Checks the config makes sense for this data before any work. */
export function requireTarget(config: MlxConfig): string {
  if (config.data.target === null) {
    throw new ConfigError('data.target is not set: mlx needs to know which column to predict.', {
      hint: 'Set it in mlx.config.yaml (data: target: species) or with --set data.target=COLUMN.',
    });
  }
  return config.data.target;
}
