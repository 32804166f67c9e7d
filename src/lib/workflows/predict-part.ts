import type { MlxConfig } from '../config/index.js';
import type { Prediction, Predictor } from '../contracts.js';
import type { BatchJudge, RecordRange } from '../data/index.js';
import type { OutputFormat } from '../data/write-rows.js';
import { InterruptedError } from '../errors.js';
import { schemaTypes } from './eval-data.js';
import { type ChunkFormatter, outputPredictions } from './predict-format.js';
import type { PredictionSink } from './predict-sink.js';

/** One part of `mlx predict`'s work: a whole file, or one range of its records. */
export interface PartJob {
  input: string;
  config: MlxConfig;
  format: OutputFormat;
  chunkRows?: number | undefined;
  /** CSV/TSV: only these records (the header read from the file's start). */
  range?: (RecordRange & { headerEnd: number }) | undefined;
}

export interface PartResult {
  rows: number;
  /** Whether the judge found an error (then nothing more was predicted). */
  failed: boolean;
}

/** Throws InterruptedError once `signal` is aborted (Ctrl-C); the caller removes what it wrote. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new InterruptedError(
      'mlx predict was interrupted: no output file is left (rows already sent to stdout stay).',
    );
}

/** The judge of a file to predict: the bundle's schema under the config's input policy, no target needed. */
export async function fileJudge(predictor: Predictor, config: MlxConfig): Promise<BatchJudge> {
  const data = await import('../data/index.js');
  return new data.BatchJudge(predictor.schema, data.inputPolicy(config), {
    na: new Set(config.data.na_values),
    requireTarget: false,
  });
}

/**
 * Reads the part's rows in chunks; each chunk is judged against the bundle's schema (`judge`, rows
 * numbered from the part's first row), predicted and formatted into `sink`, so memory stays bounded
 * whatever the file size. After the first error the rest is still judged (the report names every
 * problem) but nothing more is predicted.
 */
export async function predictPart(
  job: PartJob,
  parts: {
    predictor: Predictor;
    judge: BatchJudge;
    formatter: ChunkFormatter;
    sink: PredictionSink;
    predictions: Prediction[] | null;
    /** Checked before each chunk: aborted (Ctrl-C) → InterruptedError; the caller removes what it wrote. */
    signal?: AbortSignal | undefined;
  },
): Promise<PartResult> {
  const { predictor, judge, formatter, sink, predictions, signal } = parts;
  const data = await import('../data/index.js');
  let rows = 0;
  let failed = false;
  const chunks = data.readTableChunks(job.input, {
    config: job.config,
    types: schemaTypes(predictor.schema),
    // A CSV out writes each row's input fields as they are in a CSV in (when the columns allow it).
    lines: job.format === 'csv',
    ...(job.chunkRows ? { chunkRows: job.chunkRows } : {}),
    ...(job.range ? { range: job.range } : {}),
  });
  for await (const chunk of chunks) {
    throwIfInterrupted(signal);
    const checked = data.validateTable(chunk.table, predictor.schema, {
      file: job.input,
      config: job.config,
      requireTarget: false,
      flagUnexpected: true,
      batch: true,
    });
    if (judge.add(checked, chunk.table, chunk.offset) > 0) failed = true;
    if (failed) continue;
    // Columns in, columns out: no object per row, so a chunk leaves little garbage behind.
    const outputs = predictor.predictColumns(data.tableSource(chunk.table));
    if (predictions) for (const p of outputPredictions(outputs, chunk.table.numRows())) predictions.push(p);
    formatter.format(chunk.table, outputs, sink.push, chunk.lines);
    await sink.flush();
    rows += chunk.table.numRows();
  }
  return { rows, failed };
}
