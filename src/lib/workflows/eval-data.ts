import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { FeatureType, InputSchema } from '../contracts.js';
import type { ValidationReport, Violation } from '../data/index.js';
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
    const report = data.validateTable(table, bundle.schema, { file, requireTarget: true, config: opts.config });
    if (batchErrors(report, true).length > 0) {
      throw new DataValidationError(
        `${file} does not match the model's input schema.\n${data.formatValidationReport(report)}`,
        {
          hint: 'Fix the file, or evaluate a model trained on data like it.',
          details: report,
        },
      );
    }
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

const BATCH_RULES = new Set(['missing_column', 'type', 'not_allowed', 'out_of_range']);

/**
 * The errors that make a batch unusable for a trained model: missing columns, wrong types,
 * values outside the allowed set or range (and a missing target when one is needed). Dataset-level
 * checks meant for training data (row count, class balance, missing share) do not apply.
 */
export function batchErrors(report: ValidationReport, requireTarget: boolean): Violation[] {
  return report.violations.filter(
    (v) => v.severity === 'error' && (BATCH_RULES.has(v.rule) || (requireTarget && v.rule === 'target_missing')),
  );
}

/** Declared column types from a schema, so a CSV is typed the way the model expects. */
export function schemaTypes(schema: InputSchema): Record<string, FeatureType> {
  return Object.fromEntries(schema.features.map((f) => [f.name, f.type]));
}
