import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import type { FeatureContract, FeatureType, InputSchema, Task } from '../../contracts.js';
import { ConfigError } from '../../errors.js';
import { coerceCategory, looksBoolean } from '../coerce.js';
import { columnValues } from '../table-utils.js';
import type { ObservedColumn } from './observe.js';

/**
 * The input contract of a dataset: every column but the target, typed by `data.features` or by
 * `types` (what ingest inferred), with the declared checks; classes are filled in by prepare.
 * A column nobody declared gets its contract from what training showed (`observed`): required only
 * when it was never missing, and the range or categories seen as soft limits (outside them: a warning).
 */
export function buildSchema(
  columns: readonly string[],
  types: Readonly<Record<string, FeatureType>>,
  config: MlxConfig,
  task: Task,
  observed: Readonly<Record<string, ObservedColumn>> = {},
): InputSchema {
  const target = config.data.target;
  const declared = config.data.features;
  const names = [...columns.filter((c) => c !== target)];
  for (const name of Object.keys(declared)) if (!names.includes(name) && name !== target) names.push(name);
  const features = names.map((name): FeatureContract => {
    const spec = declared[name];
    const type = spec?.type ?? types[name] ?? 'categorical';
    const seen = spec ? undefined : observed[name];
    if (seen) return observedContract(name, type, seen);
    return {
      name,
      type,
      required: spec?.required ?? true,
      min: spec?.min ?? null,
      max: spec?.max ?? null,
      allowed: spec?.allowed ?? null,
      // Written only when soft, so schema.json of declared (hard) contracts stays as it was.
      ...(spec?.limits === 'soft' ? { limits: 'soft' as const } : {}),
      max_missing: spec?.max_missing ?? 1,
      ...(type === 'datetime' ? { parts: [...(spec?.parts ?? ['year', 'month', 'dayofweek'])] } : {}),
    };
  });
  return { version: 1, features, target: { name: target ?? '', task, classes: null } };
}

function observedContract(name: string, type: FeatureType, seen: ObservedColumn): FeatureContract {
  const ranged = type === 'numeric' && (seen.min !== null || seen.max !== null);
  const listed = type === 'categorical' && seen.categories !== null;
  return {
    name,
    type,
    required: seen.missing === 0,
    min: type === 'numeric' ? seen.min : null,
    max: type === 'numeric' ? seen.max : null,
    allowed: listed ? seen.categories : null,
    ...(ranged || listed ? { limits: 'soft' as const } : {}),
    max_missing: 1,
    ...(type === 'datetime' ? { parts: ['year', 'month', 'dayofweek'] } : {}),
  };
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
