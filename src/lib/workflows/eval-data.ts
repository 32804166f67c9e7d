import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { FeatureType, InputSchema } from '../contracts.js';
import {
  applyInputPolicy,
  formatValidationReport,
  inputPolicy,
  type ValidationReport,
  validateTable,
} from '../data/index.js';
import { DataValidationError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { LoadedBundle } from '../model/index.js';

export interface EvalData {
  table: ColumnTable;
  /** `test split` or the file evaluated. */
  source: string;
}

/**
 * The rows to evaluate on: `file` (absolute; read like `data prepare` does, validated against the
 * bundle's schema, target required: exit 3 on violations), else the prepared test split.
 */
export async function loadEvalData(
  bundle: LoadedBundle,
  opts: { root: string; config: MlxConfig; file?: string | undefined; logger: Logger },
): Promise<EvalData> {
  const data = await import('../data/index.js');
  if (opts.file) {
    const file = opts.file;
    const table = await data.readTable(file, { config: opts.config, types: schemaTypes(bundle.schema) });
    checkBatch(table, bundle.schema, { file, config: opts.config, logger: opts.logger, requireTarget: true });
    return { table, source: file };
  }
  const splits = await data.loadSplits({ root: opts.root, config: opts.config });
  if (splits.fingerprint !== bundle.lineage.dataFingerprint) {
    opts.logger.warn('the prepared data differs from the data this model was trained on', {
      trained: bundle.lineage.dataFingerprint.slice(0, 12),
      prepared: splits.fingerprint.slice(0, 12),
    });
  }
  return { table: splits.test, source: 'test split' };
}

/**
 * A file for a trained model, judged by the input policy (`inputs.*`, the same rule `mlx serve` applies
 * per request): errors stop with exit 3 and the report; warnings are logged, one line per rule and column.
 */
export function checkBatch(
  table: ColumnTable,
  schema: InputSchema,
  opts: { file: string; config: MlxConfig; logger: Logger; requireTarget: boolean },
): ValidationReport {
  const raw = validateTable(table, schema, {
    file: opts.file,
    requireTarget: opts.requireTarget,
    config: opts.config,
    flagUnexpected: true,
    batch: true,
  });
  const report = applyInputPolicy(raw, table, schema, inputPolicy(opts.config), {
    na: new Set(opts.config.data.na_values),
    requireTarget: opts.requireTarget,
  });
  return settleBatch(report, opts);
}

/** A judged batch: errors stop with exit 3 and the report; warnings are logged, one line per rule and column. */
export function settleBatch(report: ValidationReport, opts: { file: string; logger: Logger }): ValidationReport {
  if (!report.valid) {
    throw new DataValidationError(
      `${opts.file} does not match the model's input schema.\n${formatValidationReport(report)}`,
      {
        hint: 'Fix the rows listed above, or relax the policy (inputs.on_out_of_range, inputs.on_unknown_category, inputs.on_missing); `mlx data validate FILE` lists every check.',
        details: report,
      },
    );
  }
  for (const v of report.violations) opts.logger.warn(`${v.column ?? '(dataset)'} [${v.rule}] ${v.message}`);
  return report;
}

/** Declared column types from a schema, so a CSV is typed the way the model expects. */
export function schemaTypes(schema: InputSchema): Record<string, FeatureType> {
  return Object.fromEntries(schema.features.map((f) => [f.name, f.type]));
}
