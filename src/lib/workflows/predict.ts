import type { Writable } from 'node:stream';
import type { MlxConfig } from '../config/index.js';
import type { Prediction } from '../contracts.js';
import { type OutputFormat, outputFormat } from '../data/write-rows.js';
import { keepYoungGeneration } from '../heap.js';
import type { Logger } from '../logging.js';
import { createPredictor } from '../model/index.js';
import { resolveModelChoice } from '../tracking/refs.js';
import { settleBatch } from './eval-data.js';
import { predictionFormatter } from './predict-format.js';
import { fileJudge, type PartJob, predictPart } from './predict-part.js';
import { type Predicted, type PredictThreads, planParts, predictHalves } from './predict-parts.js';
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
  /** Rows read, checked, predicted and written at a time (default 5,000): what bounds memory. */
  chunkRows?: number | undefined;
  /**
   * `auto` (default): a CSV/TSV file of 32 MiB or more written to an output file is predicted in two
   * halves by two threads on a machine with 2 cores; 2 = always when the file can be cut; 1 = one thread.
   */
  threads?: PredictThreads | undefined;
  /** Aborted (Ctrl-C): the work stops before the next chunk, throws InterruptedError, and leaves no output file. */
  signal?: AbortSignal | undefined;
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
  const job: PartJob = { input, config, format, chunkRows: options.chunkRows };
  const split = output ? await planParts(input, { config, output, threads: options.threads ?? 'auto' }) : null;
  const predictions: Prediction[] | null = output || options.stream ? null : [];
  let sink: PredictionSink | null = null;
  try {
    let done: Predicted | null = null;
    if (output && split) {
      // Null when the second thread failed: then the whole file on this one.
      done = await predictHalves(split, { job, dir, output, predictor, logger, signal: options.signal });
    }
    if (!done) {
      const whole: PredictionSink = output
        ? fileSink(output)
        : options.stream
          ? streamSink(options.stream)
          : memorySink();
      sink = whole;
      const judge = await fileJudge(predictor, config);
      const formatter = predictionFormatter(format);
      const { rows } = await predictPart(job, {
        predictor,
        judge,
        formatter,
        sink: whole,
        predictions,
        signal: options.signal,
      });
      done = { sink: whole, judge, rows, lateColumns: formatter.lateColumns, threads: 1 };
    }
    sink = done.sink;
    settleBatch(done.judge.finish({ file: input }), { file: input, logger });
    if (done.lateColumns.length > 0)
      logger.warn(
        `columns that first appear after the CSV header was written are left out: ${done.lateColumns.join(', ')} (--format ndjson keeps them)`,
      );
    sink.commit();
    const rows = done.rows;
    logger.info(`predicted ${rows} rows with ${predictor.info.name}`, {
      output: output ?? 'stdout',
      threads: done.threads,
    });
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
    sink?.abort();
    throw error;
  } finally {
    predictor.dispose();
  }
}
