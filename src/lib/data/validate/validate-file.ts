import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../../config/index.js';
import type { FeatureType, InputSchema } from '../../contracts.js';
import { inputPolicy } from '../features/policy.js';
import { ingestFile } from '../ingest/read-table.js';
import type { FittedPipeline } from '../pipeline/types.js';
import { dataPaths, relativePath } from '../project-paths.js';
import { buildSchema, resolveTask } from '../schema/build-schema.js';
import { applyInputPolicy } from './batch-policy.js';
import type { ValidationReport } from './types.js';
import { checkUnseenCategories } from './unseen-categories.js';
import { validateTable } from './validate-table.js';

export interface ValidateFileOptions {
  root: string;
  config: MlxConfig;
  /** A new file (batch) to check; default: data.source. */
  file?: string;
  /** A schema.json to check against; default for a new file: data/processed/schema.json if present. */
  schemaFile?: string;
  onProgress?: (bytes: number, total: number) => void;
}

export interface ValidateFileResult {
  report: ValidationReport;
  /** What the file was checked against. */
  against: string;
}

/**
 * `mlx data validate`: the source against the config's schema (all dataset rules), or a new
 * batch against the prepared schema.json with the input policy of `mlx predict` (the target may be
 * absent; extra columns are flagged).
 */
export async function validateFile(options: ValidateFileOptions): Promise<ValidateFileResult> {
  const { root, config } = options;
  const paths = dataPaths(root, config);
  const file = options.file ? projectPath(root, options.file) : paths.source;
  const shown = relativePath(root, file).startsWith('..') ? file : relativePath(root, file);
  const schemaFile =
    options.schemaFile ?? (options.file && existsSync(paths.outputs.schema) ? paths.outputs.schema : undefined);
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  if (schemaFile) {
    const schema = JSON.parse(await readFile(projectPath(root, schemaFile), 'utf8')) as InputSchema;
    const types: Record<string, FeatureType> = Object.fromEntries(schema.features.map((f) => [f.name, f.type]));
    const ingest = await ingestFile(file, { config, types, ...progress });
    // A batch for a trained model: the rule set `mlx predict` applies (the input policy), not the one of
    // training data, so that validate and predict agree on every file.
    const raw = validateTable(ingest.table, schema, {
      file: shown,
      config,
      requireTarget: false,
      flagUnexpected: true,
      batch: true,
    });
    const report = applyInputPolicy(raw, ingest.table, schema, inputPolicy(config), {
      na: new Set(config.data.na_values),
      requireTarget: false,
    });
    // With the fitted pipeline next to the schema, also flag categories training never saw.
    const pipelineFile = path.join(path.dirname(projectPath(root, schemaFile)), 'pipeline.json');
    if (existsSync(pipelineFile)) {
      const pipeline = JSON.parse(await readFile(pipelineFile, 'utf8')) as FittedPipeline;
      // A column already reported outside its allowed categories needs no second warning for the same values.
      const reported = new Set(report.violations.filter((v) => v.rule === 'not_allowed').map((v) => v.column));
      const unseen = checkUnseenCategories(ingest.table, pipeline).filter((v) => !reported.has(v.column));
      report.violations.push(...unseen);
      report.warnings += unseen.length;
    }
    return { report, against: relativePath(root, projectPath(root, schemaFile)) };
  }
  const ingest = await ingestFile(file, { config, ...progress });
  const schema = buildSchema(ingest.table.columnNames(), ingest.types, config, resolveTask(ingest.table, config));
  const report = validateTable(ingest.table, schema, { file: shown, config, requireTarget: !options.file });
  return { report, against: 'the config (data.features + inferred types)' };
}
