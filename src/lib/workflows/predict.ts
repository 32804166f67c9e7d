import { writeFileSync } from 'node:fs';
import type { MlxConfig } from '../config/index.js';
import type { Prediction, Row } from '../contracts.js';
import { formatRows, type OutputFormat, outputFormat, predictionRows } from '../data/write-rows.js';
import { DataValidationError } from '../errors.js';
import { withFileErrors } from '../fs-errors.js';
import type { Logger } from '../logging.js';
import { createPredictor } from '../model/index.js';
import { resolveModelRef } from '../tracking/refs.js';
import { batchErrors, schemaTypes } from './eval-data.js';

export interface PredictFileOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  ref: string;
  /** The input file (absolute). */
  input: string;
  /** Output file (absolute); without one the formatted rows are returned in `text`. */
  output?: string | undefined;
  format?: string | undefined;
}

export interface PredictFileResult {
  model: { name: string; version: number | null; runId: string; dir: string };
  input: string;
  output: string | null;
  format: OutputFormat;
  rows: number;
  /** Predictions (only when no output file was given). */
  predictions: Prediction[] | null;
  text: string | null;
}

const CHUNK = 10_000;

/** `mlx predict`: read a file, validate it against the bundle's schema (exit 3), predict, write. */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileResult> {
  const { root, config, logger, input } = options;
  const dir = await resolveModelRef(options.ref, { root, config });
  const predictor = await createPredictor(dir, { backend: config.train.backend });
  try {
    const data = await import('../data/index.js');
    const table = await data.readTable(input, { config, types: schemaTypes(predictor.schema) });
    const report = data.validateTable(table, predictor.schema, { file: input, requireTarget: false, config });
    if (batchErrors(report, false).length > 0) {
      throw new DataValidationError(
        `${input} does not match the model's input schema.\n${data.formatValidationReport(report)}`,
        {
          hint: 'Fix the rows listed above; `mlx data validate FILE` runs the same checks.',
          details: report,
        },
      );
    }
    const rows = table.objects() as Row[];
    const predictions: Prediction[] = [];
    for (let start = 0; start < rows.length; start += CHUNK)
      predictions.push(...predictor.predict(rows.slice(start, start + CHUNK)));
    const format = outputFormat(options.output, options.format);
    const text = formatRows(predictionRows(rows, predictions), format);
    const output = options.output ?? null;
    if (output) withFileErrors(output, () => writeFileSync(output, text));
    logger.info(`predicted ${rows.length} rows with ${predictor.info.name}`, { output: output ?? 'stdout' });
    const { name, version, runId } = predictor.info;
    return {
      model: { name, version, runId, dir },
      input,
      output,
      format,
      rows: rows.length,
      predictions: output ? null : predictions,
      text: output ? null : text,
    };
  } finally {
    predictor.dispose();
  }
}
