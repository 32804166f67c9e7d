import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../../config/index.js';
import { defaultConfig } from '../../config/index.js';
import type { InputSchema } from '../../contracts.js';
import { tableSource } from '../pipeline/column-source.js';
import { buildSchema, inferTableTypes, resolveTask } from '../schema/build-schema.js';
import { columnValues } from '../table-utils.js';
import { checkColumn } from './column-checks.js';
import { checkDataset } from './dataset-checks.js';
import type { ValidationReport, Violation } from './types.js';

export interface ValidateOptions {
  /** Shown in the report. */
  file?: string | null;
  /** Whether the target column must be present (training data: yes; a batch to predict: no). */
  requireTarget?: boolean;
  /** Dataset checks and na_values (default: from the config given, or defaults). */
  config?: MlxConfig;
  /** Warn about columns the schema does not know (validating a new batch). */
  flagUnexpected?: boolean;
  /**
   * A batch for a trained model, judged with the input policy (BatchJudge / applyInputPolicy), which
   * leaves out the rules of training data: duplicate rows are not looked for (hashing every row).
   */
  batch?: boolean;
}

/** Validates a table against a schema (schema.json) or a config (declared + inferred types). */
export function validateTable(
  table: ColumnTable,
  against: InputSchema | MlxConfig,
  options: ValidateOptions = {},
): ValidationReport {
  const isSchema = 'version' in against && 'features' in against && Array.isArray(against.features);
  const config = options.config ?? (isSchema ? defaultConfig() : (against as MlxConfig));
  const schema = isSchema
    ? (against as InputSchema)
    : buildSchema(table.columnNames(), inferTableTypes(table, config), config, resolveTask(table, config));
  const na = new Set(config.data.na_values);
  const present = new Set(table.columnNames());
  const source = tableSource(table);
  const violations: Violation[] = [];
  for (const feature of schema.features) {
    if (!present.has(feature.name)) {
      if (feature.required) {
        violations.push({
          column: feature.name,
          rule: 'missing_column',
          severity: 'error',
          count: 0,
          message: `required column '${feature.name}' (${feature.type}) is not in the file`,
          examples: [],
        });
      }
      continue;
    }
    violations.push(
      ...checkColumn(
        feature,
        columnValues(table, feature.name),
        na,
        config.data.checks.max_categories,
        source.distinct?.(feature.name),
      ),
    );
  }
  if (options.flagUnexpected) {
    const known = new Set([...schema.features.map((f) => f.name), schema.target.name]);
    for (const name of present) {
      if (!known.has(name)) {
        violations.push({
          column: name,
          rule: 'unexpected_column',
          severity: 'warning',
          count: 0,
          message: `column '${name}' is not in the schema; it is ignored`,
          examples: [],
        });
      }
    }
  }
  violations.push(
    ...checkDataset(table, schema, config.data.checks, na, options.requireTarget ?? !isSchema, options.batch ?? false),
  );
  const errors = violations.filter((v) => v.severity === 'error').length;
  return {
    file: options.file ?? null,
    rows: table.numRows(),
    columns: present.size,
    valid: errors === 0,
    errors,
    warnings: violations.length - errors,
    violations,
  };
}
