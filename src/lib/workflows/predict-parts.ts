import { existsSync, statSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MlxConfig } from '../config/index.js';
import type { Predictor } from '../contracts.js';
import type { BatchJudge, JudgeState, RecordRange, RecordSplit } from '../data/index.js';
import { detectFormat } from '../data/ingest/detect-format.js';
import { youngGenerationOfNewThreads } from '../heap.js';
import type { Logger } from '../logging.js';
import { predictionFormatter } from './predict-format.js';
import { fileJudge, type PartJob, type PartResult, predictPart, throwIfInterrupted } from './predict-part.js';
import { fileSink, type PredictionSink, tempFile } from './predict-sink.js';

/** `mlx predict --threads`: `auto` = 2 for a large CSV/TSV file written to a file when 2 cores are there. */
export type PredictThreads = 'auto' | 1 | 2;

/**
 * Files from this size are predicted on two threads under `auto`. Below it the second thread's start (its
 * modules and model, ~0.45 s) costs more than it saves (measured, bench file, one vs two threads: 16 MB
 * 1.10–1.15 vs 1.24–1.30 s; 33 MB 1.81–1.86 vs 1.67–1.80 s; 82 MB 3.5 vs 2.8 s; a 10.8 MB wine table 0.69–0.72
 * vs 0.86–0.92 s).
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * The shares of the file for this thread and the worker: the worker starts ~0.45 s later (its own module
 * loading and model), so this thread takes a little more (measured on 1M rows: both finish together).
 */
const FIRST_HALF = [0.55, 0.45];

/** The young generation of the worker (MiB per semi-space): see startPartWorker. */
const WORKER_SEMI_SPACE_MIB = 8;

/** What the second thread is given (structured-cloned): its part of the work and where to write it. */
export interface PartWorkerJob extends PartJob {
  /** The model bundle. */
  dir: string;
  /** The part's own output file. */
  output: string;
}

export type PartWorkerReply = ({ ok: true; judge: JudgeState } & PartResult) | { ok: false; message: string };

/**
 * Whether and how to cut the input in two: CSV/TSV read into an output file (a stream or memory is
 * written in order by one thread), 2 threads asked for or `auto` on 2 cores and a file of
 * {@link PARALLEL_MIN_BYTES} or more, and records to cut between. Null: one thread.
 */
export async function planParts(
  input: string,
  options: { config: MlxConfig; output: string | null; threads: PredictThreads },
): Promise<RecordSplit | null> {
  const { threads } = options;
  // A file that is not there is the reader's to report (MLX_DATA_NOT_FOUND), on one thread.
  const file = threads === 1 || options.output === null || !existsSync(input) ? null : statSync(input);
  if (!file?.isFile()) return null;
  const format = detectFormat(input, options.config.data.format);
  if (format !== 'csv' && format !== 'tsv') return null;
  if (threads === 'auto' && (availableParallelism() < 2 || file.size < PARALLEL_MIN_BYTES)) return null;
  const { splitRecords } = await import('../data/index.js');
  return splitRecords(input, FIRST_HALF);
}

/** The output file of the second part, next to the final output (renamed into it at the end: same disk). */
export function partOutput(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.part2`);
}

/**
 * Removes a part's output file and, if the worker was stopped before it committed, its temporary file
 * (a terminated thread runs no cleanup; both threads share this process's id, so its name is known).
 */
export function removePart(file: string): void {
  for (const f of [file, tempFile(file)]) if (existsSync(f)) unlinkSync(f);
}

/** The second thread at work: its reply when it is done, and how to stop it. */
export interface PartWorker {
  reply: Promise<PartWorkerReply>;
  stop: () => Promise<void>;
}

/**
 * Starts the second thread on its part. From dist/ it runs the compiled worker; from src/ (tests, tsx) the
 * TypeScript one through tsx's loader, which resolves the `.js` imports to their `.ts` files.
 */
export async function startPartWorker(job: PartWorkerJob): Promise<PartWorker> {
  // Measured on 1M rows: 8 MiB semi-spaces take the two threads from 2.86–3.00 to 2.67–2.75 s (CPU 4.7–4.9 →
  // 4.5–4.6 s) at the same peak RSS; 16 and 32 MiB gain no more and cost 20–60 MiB.
  await youngGenerationOfNewThreads(WORKER_SEMI_SPACE_MIB);
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(`./predict-part-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url), {
    workerData: job,
    ...(fromSource ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}),
  });
  const reply = new Promise<PartWorkerReply>((resolve) => {
    worker.once('message', (m: PartWorkerReply) => resolve(m));
    worker.once('error', (error) => resolve({ ok: false, message: error.message }));
    worker.once('exit', (code) => resolve({ ok: false, message: `the prediction thread exited (${code})` }));
  });
  return {
    reply,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** A file predicted: the sink holding the output (not yet committed), the judge of every row, the rows written. */
export interface Predicted {
  sink: PredictionSink;
  judge: BatchJudge;
  rows: number;
  lateColumns: string[];
  threads: 1 | 2;
}

/**
 * Predicts the two halves of `split` at once: the first on this thread into `output`, the second by a
 * worker into a file of its own, appended after the first when both are done; the second judge's
 * findings are absorbed with its rows numbered after the first half's. Null when the worker failed (its
 * part and this thread's output are removed; the caller predicts the file on one thread). If this
 * thread's half throws, the worker is stopped and everything written is removed.
 */
export async function predictHalves(
  split: RecordSplit,
  context: {
    job: PartJob;
    dir: string;
    output: string;
    predictor: Predictor;
    logger: Logger;
    signal?: AbortSignal | undefined;
  },
): Promise<Predicted | null> {
  const { job, output } = context;
  const [first, second] = split.ranges as [RecordRange, RecordRange];
  const spool = partOutput(output);
  const sink = fileSink(output);
  const formatter = predictionFormatter(job.format);
  let worker: PartWorker | null = null;
  let judge: BatchJudge;
  let mine: PartResult;
  try {
    worker = await startPartWorker({
      ...job,
      range: { ...second, headerEnd: split.headerEnd },
      dir: context.dir,
      output: spool,
    });
    judge = await fileJudge(context.predictor, job.config);
    mine = await predictPart(
      { ...job, range: { ...first, headerEnd: split.headerEnd } },
      { predictor: context.predictor, judge, formatter, sink, predictions: null, signal: context.signal },
    );
  } catch (error) {
    await worker?.stop();
    sink.abort();
    removePart(spool);
    throw error;
  }
  const theirs = await worker.reply;
  try {
    // Ctrl-C while this thread waited for the worker: stop here rather than write the output.
    if (context.signal?.aborted) {
      sink.abort();
      throwIfInterrupted(context.signal);
    }
    if (!theirs.ok) {
      // A malformed record, say: the caller predicts the file again on one thread, so that the error
      // names the file's own line, as a one-thread run does.
      context.logger.debug('the second prediction thread failed; predicting the file on one thread', {
        reason: theirs.message,
      });
      sink.abort();
      return null;
    }
    judge.absorb(theirs.judge, judge.judgedRows);
    if (!mine.failed && !theirs.failed) sink.append(spool);
    return { sink, judge, rows: mine.rows + theirs.rows, lateColumns: formatter.lateColumns, threads: 2 };
  } finally {
    removePart(spool);
  }
}
