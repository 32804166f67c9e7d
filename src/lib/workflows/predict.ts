import type { Writable } from 'node:stream';
import type { MlxConfig } from '../config/index.js';
import type { Prediction } from '../contracts.js';
import { type OutputFormat, outputFormat } from '../data/write-rows.js';
import { keepYoungGeneration } from '../heap.js';
import type { Logger } from '../logging.js';
import { createPredictor } from '../model/index.js';
import { resolveModelChoice } from '../tracking/refs.js';
import { schemaTypes, settleBatch } from './eval-data.js';
import { outputPredictions, predictionFormatter } from './predict-format.js';
import { checkOutputPath, fileSink, memorySink, type PredictionSink, streamSink } from './predict-sink.js';

export interface PredictFileOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Model REF; default `<model.name>@production` when that alias exists, else `latest` (logged). */
  ref?: string | undefined;
  /** The input file (absolute). */
  input: string;
  /** Output file (absolute), written through a temporary file and renamed into place at the end. */
  output?: string | undefined;
  /** Without `output`: the stream the rows are written to as they are predicted (the CLI's stdout). */
  stream?: Writable | undefined;
  format?: string | undefined;
  /** Rows read, checked, predicted and written at a time (default 20,000): what bounds memory. */
  chunkRows?: number | undefined;
}

export interface PredictFileResult {
  model: { name: string; version: number | null; runId: string; dir: string };
  input: string;
  output: string | null;
  format: OutputFormat;
  rows: number;
  /** Predictions (only without an output file or stream). */
  predictions: Prediction[] | null;
  /** The formatted rows (only without an output file or stream). */
  text: string | null;
}

/**
 * `mlx predict`: reads the file in chunks of rows; each chunk is judged against the bundle's schema with
 * the input policy (the rule set of `mlx data validate FILE` and `mlx serve`), predicted and written, so
 * memory stays bounded whatever the file size. The whole file's verdict decides: errors exit 3 with the
 * report of every chunk (nothing more is predicted after the first error; an output file is not
 * created, a stream keeps what it was sent), warnings are logged once, counted over the file.
 */
export async function predictFile(options: PredictFileOptions): Promise<PredictFileResult> {
  const { root, config, logger, input } = options;
  const output = options.output ?? null;
  if (output) checkOutputPath(output);
  const format = outputFormat(options.output, options.format);
  const { dir } = await resolveModelChoice(options.ref, { root, config, logger });
  const predictor = await createPredictor(dir, { backend: config.train.backend });
  // Chunks of rows come and go: a growing young generation adds ~100 MiB of peak RSS on 1M rows for ~4 % of time.
  await keepYoungGeneration();
  const sink: PredictionSink = output ? fileSink(output) : options.stream ? streamSink(options.stream) : memorySink();
  const formatter = predictionFormatter(format);
  const predictions: Prediction[] | null = output || options.stream ? null : [];
  try {
    const data = await import('../data/index.js');
    const judge = new data.BatchJudge(predictor.schema, data.inputPolicy(config), {
      na: new Set(config.data.na_values),
      requireTarget: false,
    });
    let rows = 0;
    let failed = false;
    const chunks = data.readTableChunks(input, {
      config,
      types: schemaTypes(predictor.schema),
      // A CSV out writes each row's input fields as they are in a CSV in (when the columns allow it).
      lines: format === 'csv',
      ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
    });
    for await (const chunk of chunks) {
      const checked = data.validateTable(chunk.table, predictor.schema, {
        file: input,
        config,
        requireTarget: false,
        flagUnexpected: true,
        batch: true,
      });
      // After an error, the rest is still judged (the report names every problem, as validate does).
      if (judge.add(checked, chunk.table, chunk.offset) > 0) failed = true;
      if (failed) continue;
      // Columns in, columns out: no object per row, so a chunk leaves little garbage behind.
      const outputs = predictor.predictColumns(data.tableSource(chunk.table));
      if (predictions) for (const p of outputPredictions(outputs, chunk.table.numRows())) predictions.push(p);
      formatter.format(chunk.table, outputs, sink.push, chunk.lines);
      await sink.flush();
      rows += chunk.table.numRows();
    }
    settleBatch(judge.finish({ file: input }), { file: input, logger });
    if (formatter.lateColumns.length > 0)
      logger.warn(
        `columns that first appear after the CSV header was written are left out: ${formatter.lateColumns.join(', ')} (--format ndjson keeps them)`,
      );
    sink.commit();
    logger.info(`predicted ${rows} rows with ${predictor.info.name}`, { output: output ?? 'stdout' });
    const { name, version, runId } = predictor.info;
    return {
      model: { name, version, runId, dir },
      input,
      output,
      format,
      rows,
      predictions,
      text: sink.kept(),
    };
  } catch (error) {
    sink.abort();
    throw error;
  } finally {
    predictor.dispose();
  }
}
