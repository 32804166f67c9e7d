import { writeFileSync } from 'node:fs';
import type { MlxConfig } from '../config/index.js';
import type { Prediction, Row } from '../contracts.js';
import { formatRows, type OutputFormat, outputFormat, predictionRows } from '../data/write-rows.js';
import { withFileErrors } from '../fs-errors.js';
import type { Logger } from '../logging.js';
import { createPredictor } from '../model/index.js';
import { resolveModelChoice } from '../tracking/refs.js';
import { checkBatch, schemaTypes } from './eval-data.js';

export interface PredictFileOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Model REF; default `<model.name>@production` when that alias exists, else `latest` (logged). */
  ref?: string | undefined;
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

/**
 * `mlx predict`: read a file, judge it against the bundle's schema with the input policy (errors: exit
 * 3; warnings logged), predict, write.
 */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileResult> {
  const { root, config, logger, input } = options;
  const { dir } = await resolveModelChoice(options.ref, { root, config, logger });
  const predictor = await createPredictor(dir, { backend: config.train.backend });
  try {
    const data = await import('../data/index.js');
    const table = await data.readTable(input, { config, types: schemaTypes(predictor.schema) });
    checkBatch(table, predictor.schema, { file: input, config, logger, requireTarget: false });
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
