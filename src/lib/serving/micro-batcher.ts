import type { Prediction, Row } from '../contracts.js';

export type PredictFn = (rows: readonly Row[]) => Prediction[];

export interface MicroBatcherOptions {
  /** Most rows merged into one call. */
  maxRows: number;
  /** false: every request is its own call. */
  enabled: boolean;
  /** Observes every model call: rows in it and seconds it took. */
  onCall?: (rows: number, seconds: number) => void;
}

interface Job {
  rows: readonly Row[];
  resolve: (predictions: Prediction[]) => void;
  reject: (error: unknown) => void;
}

function checked(predict: PredictFn, rows: readonly Row[], onCall?: MicroBatcherOptions['onCall']): Prediction[] {
  const start = performance.now();
  const out = predict(rows);
  onCall?.(rows.length, (performance.now() - start) / 1000);
  if (out.length !== rows.length)
    throw new Error(`the model returned ${out.length} predictions for ${rows.length} rows`);
  return out;
}

/**
 * Merges the rows of requests that arrive in the same event-loop turn into one model call (one tensor
 * call instead of one per request), then hands each request its own slice of the predictions.
 */
export function createMicroBatcher(predict: PredictFn, options: MicroBatcherOptions) {
  let pending: Job[] = [];
  let pendingRows = 0;
  let scheduled = false;

  const run = () => {
    scheduled = false;
    const jobs = pending;
    pending = [];
    pendingRows = 0;
    if (jobs.length === 0) return;
    if (jobs.length === 1) {
      const job = jobs[0] as Job;
      try {
        job.resolve(checked(predict, job.rows, options.onCall));
      } catch (error) {
        job.reject(error);
      }
      return;
    }
    let all: Prediction[];
    try {
      all = checked(
        predict,
        jobs.flatMap((j) => j.rows),
        options.onCall,
      );
    } catch {
      // One failing request must not fail the others merged with it: retry each on its own.
      for (const job of jobs) {
        try {
          job.resolve(checked(predict, job.rows, options.onCall));
        } catch (error) {
          job.reject(error);
        }
      }
      return;
    }
    let offset = 0;
    for (const job of jobs) {
      job.resolve(all.slice(offset, offset + job.rows.length));
      offset += job.rows.length;
    }
  };

  return (rows: readonly Row[]): Promise<Prediction[]> => {
    if (!options.enabled) {
      try {
        return Promise.resolve(checked(predict, rows, options.onCall));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (pendingRows > 0 && pendingRows + rows.length > options.maxRows) run();
    return new Promise<Prediction[]>((resolve, reject) => {
      pending.push({ rows, resolve, reject });
      pendingRows += rows.length;
      if (!scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    });
  };
}
