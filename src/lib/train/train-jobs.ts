import { describeJob, type MlxConfig, type Override } from '../config/index.js';
import type { Logger } from '../logging.js';
import { textTable } from '../tracking/text-table.js';
import { createProgress } from './progress.js';
import { type TrainResult, trainModel } from './run-training.js';

export interface TrainJob {
  /** `train.lr=0.1 model.hidden=[32]` for a sweep job, '' for a single run. */
  label: string;
  root: string;
  config: MlxConfig;
}

export interface LeaderboardRow {
  rank: number;
  runId: string;
  label: string;
  version: number | null;
  value: number;
}

export interface TrainJobsResult {
  runs: (TrainResult & { label: string })[];
  /** The primary validation metric the leaderboard is sorted by. */
  metric: string;
  leaderboard: LeaderboardRow[];
}

/** Labels of sweep jobs: only the overrides whose value varies between jobs (`train.lr=0.1 model.hidden=[32]`). */
export function sweepLabels(jobs: readonly (readonly Override[])[]): string[] {
  const keys = new Set(jobs.flatMap((job) => job.map((o) => o.key)));
  const varying = new Set(
    [...keys].filter((key) => new Set(jobs.map((job) => JSON.stringify(job.filter((o) => o.key === key)))).size > 1),
  );
  return jobs.map((job) => describeJob(job.filter((o) => varying.has(o.key))));
}

/** Runs each job as an ordinary training run, in order, and ranks them by the validation metric. */
export async function trainJobs(
  jobs: readonly TrainJob[],
  options: {
    logger: Logger /** Where a TTY progress bar is drawn; null = none (log lines only). */;
    stream: NodeJS.WriteStream | null;
    signal?: AbortSignal;
  },
): Promise<TrainJobsResult> {
  const runs: TrainJobsResult['runs'] = [];
  for (const [i, job] of jobs.entries()) {
    if (jobs.length > 1) options.logger.info(`sweep job ${i + 1}/${jobs.length}: ${job.label}`);
    const progress = createProgress({
      stream: options.stream,
      logger: options.logger,
      ...(jobs.length > 1 ? { label: `${i + 1}/${jobs.length}` } : {}),
    });
    try {
      const result = await trainModel({
        root: job.root,
        config: job.config,
        logger: options.logger,
        onEpoch: progress.onEpoch,
        onFitEnd: progress.done,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      runs.push({ ...result, label: job.label });
    } finally {
      progress.done();
    }
  }
  const task = runs[0]?.task ?? 'classification';
  const metric = task === 'classification' ? 'val_accuracy' : 'val_rmse';
  const sign = task === 'classification' ? -1 : 1;
  const leaderboard = runs
    .map((r) => ({
      runId: r.runId,
      label: r.label,
      version: r.model.version,
      value: r.metrics[metric] ?? Number.NaN,
      tieBreak: r.metrics.val_log_loss ?? r.metrics.val_mae ?? 0,
    }))
    // Ties on the metric (common on small validation sets) go to the lower validation loss / MAE.
    .sort((a, b) => sign * (a.value - b.value) || a.tieBreak - b.tieBreak)
    .map(({ tieBreak: _, ...r }, i) => ({ rank: i + 1, ...r }));
  return { runs, metric, leaderboard };
}

/** Human summary: one run's metrics, or the sweep leaderboard. */
export function renderTrainResult(result: TrainJobsResult): string {
  if (result.runs.length === 1 && result.runs[0]) {
    const r = result.runs[0];
    const shown = Object.entries(r.metrics).filter(([k]) =>
      /^(val|test|baseline_test)_(accuracy|macro_f1|roc_auc|rmse|mae|r2)$/.test(k),
    );
    return [
      `run ${r.runId} → ${r.model.name} v${r.model.version} (${r.epochs} epochs, best ${r.bestEpoch}${r.stoppedEarly ? ', stopped early' : ''}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.backend})`,
      textTable(['metric', 'value'], shown),
      `bundle: ${r.bundleDir}`,
    ].join('\n');
  }
  return [
    `Leaderboard by ${result.metric}:`,
    textTable(
      ['rank', 'run', 'version', result.metric, 'overrides'],
      result.leaderboard.map((r) => [r.rank, r.runId, r.version, r.value, r.label]),
    ),
  ].join('\n');
}
