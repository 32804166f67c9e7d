// Entry point of `mlx predict`'s second thread (started by predict-parts.ts, never imported): it predicts
// one range of the input file's records into its own output file, with its own judge, and reports the
// rows, the judge's findings and whether it failed. The main thread joins the parts in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { PartWorkerJob, PartWorkerReply } from './predict-parts.js';

const job = workerData as PartWorkerJob;

async function run(): Promise<PartWorkerReply> {
  // This thread's young generation was fixed when it was created (8 MiB semi-spaces: startPartWorker).
  const [{ createPredictor }, format, sinks, part] = await Promise.all([
    import('../model/index.js'),
    import('./predict-format.js'),
    import('./predict-sink.js'),
    import('./predict-part.js'),
  ]);
  const predictor = await createPredictor(job.dir, { backend: job.config.train.backend });
  const sink = sinks.fileSink(job.output);
  try {
    const judge = await part.fileJudge(predictor, job.config);
    const formatter = format.predictionFormatter(job.format, { header: false });
    const result = await part.predictPart(job, { predictor, judge, formatter, sink, predictions: null });
    sink.commit();
    return { ok: true, ...result, judge: judge.state() };
  } catch (error) {
    sink.abort();
    throw error;
  } finally {
    predictor.dispose();
  }
}

run().then(
  (reply) => parentPort?.postMessage(reply),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies PartWorkerReply),
);
