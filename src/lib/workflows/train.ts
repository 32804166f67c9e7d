import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeJob, type MlxConfig, type Override, projectPath } from '../config/index.js';
import { metricForRole } from '../evaluate/metrics/index.js';
import type { Logger } from '../logging.js';
import { configHash } from '../tracking/lineage.js';
import { registerRun } from '../tracking/register-run.js';
import { RUN_FILES } from '../tracking/run-dir.js';
import type { EpochStats } from '../train/types.js';
import { identicalRun } from './pipeline.js';
import { type TrainResult, trainModel } from './train-run.js';

export type { TrainResult } from './train-run.js';

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
  /** The value of the tie-break metric (equal leaderboard values go to the better one). */
  tieBreak: number;
}

export interface TrainJobsResult {
  runs: (TrainResult & { label: string })[];
  /** The validation metric the leaderboard is sorted by. */
  metric: string;
  /** The validation metric that orders equal values. */
  tieBreak: string;
  leaderboard: LeaderboardRow[];
}

/** What a caller may follow while jobs train (a progress bar, log lines). */
export interface TrainJobsEvents {
  /** A job starts: its 0-based index, the number of jobs, its label. */
  onJobStart?: (index: number, total: number, label: string) => void;
  onEpoch?: (stats: EpochStats) => void;
  /** A job's epochs are over (before scoring and writing). */
  onFitEnd?: () => void;
}

/** Labels of sweep jobs: only the overrides whose value varies between jobs (`train.lr=0.1 model.hidden=[32]`). */
export function sweepLabels(jobs: readonly (readonly Override[])[]): string[] {
  const keys = new Set(jobs.flatMap((job) => job.map((o) => o.key)));
  const varying = new Set(
    [...keys].filter((key) => new Set(jobs.map((job) => JSON.stringify(job.filter((o) => o.key === key)))).size > 1),
  );
  return jobs.map((job) => describeJob(job.filter((o) => varying.has(o.key))));
}

/**
 * `mlx train`: runs each job as an ordinary training run, in order, and ranks them by the task's
 * leaderboard metric on the validation split (ties: the tie-break metric). A job whose data and
 * config match a completed run is not trained again (that run is reused) unless `force`.
 * `train.register` decides what becomes a version: `best` (the run, or the sweep's leader), `all`, `none`.
 */
export async function trainJobs(
  jobs: readonly TrainJob[],
  options: { logger: Logger; signal?: AbortSignal; force?: boolean } & TrainJobsEvents,
): Promise<TrainJobsResult> {
  const runs: TrainJobsResult['runs'] = [];
  const sweep = jobs.length > 1;
  for (const [i, job] of jobs.entries()) {
    if (sweep) options.logger.info(`sweep job ${i + 1}/${jobs.length}: ${job.label}`);
    options.onJobStart?.(i, jobs.length, job.label);
    const policy = job.config.train.register;
    const reused = options.force ? null : await reuseIdenticalRun(job.root, job.config);
    if (reused) {
      options.logger.info(
        `train: skipped, run ${reused.runId} has the same data and config${reused.model.version === null ? '' : ` (${reused.model.name} v${reused.model.version})`}; --force trains again`,
      );
      runs.push({ ...reused, label: job.label });
      continue;
    }
    const result = await trainModel({
      root: job.root,
      config: job.config,
      logger: options.logger,
      // A sweep registers its leader once every member is ranked (below), unless `all`.
      register: policy === 'all' || (policy === 'best' && !sweep),
      ...(options.force ? { force: true } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.onFitEnd ? { onFitEnd: options.onFitEnd } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    runs.push({ ...result, label: job.label });
  }
  const ranked = rankRuns(runs);
  const leader = ranked.leaderboard[0];
  const first = jobs[0];
  if (sweep && leader && first && first.config.train.register === 'best') {
    const run = runs.find((r) => r.runId === leader.runId);
    if (run && run.model.version === null && run.status === 'completed') {
      const done = registerRun(projectPath(first.root, first.config.paths.models), run.runDir, {
        name: run.model.name,
        ...(options.force ? { force: true } : {}),
      });
      run.model = { name: done.name, version: done.version };
      run.registration = done.status;
      leader.version = done.version;
      options.logger.info(
        done.status === 'new'
          ? `registered the best run ${run.runId} as ${done.name} v${done.version} (train.register: best)`
          : `the best run ${run.runId} is identical to ${done.name} v${done.version}: no new version`,
      );
    }
  }
  return { runs, ...ranked };
}

/** A completed run with the same data fingerprint and config hash, as a result (nothing is trained). */
async function reuseIdenticalRun(root: string, config: MlxConfig): Promise<TrainResult | null> {
  const { dataStatus } = await import('../data/index.js');
  const status = await dataStatus({ root, config });
  if (!status.upToDate || !status.lock) return null;
  const runsDir = projectPath(root, config.paths.runs);
  const hash = configHash(config);
  const record = identicalRun(runsDir, status.lock.fingerprint, hash);
  if (!record) return null;
  const runDir = path.join(runsDir, record.id);
  const bundleDir = path.join(runDir, RUN_FILES.bundle);
  const stored = JSON.parse(readFileSync(path.join(bundleDir, 'metrics.json'), 'utf8')) as {
    task: TrainResult['task'];
    best_epoch?: number;
    history?: unknown[];
  };
  const epochs = stored.history?.length ?? 0;
  const bestEpoch = stored.best_epoch ?? epochs;
  const baseline = Object.entries(record.metrics)
    .filter(([k]) => k.startsWith('baseline_test_'))
    .map(([k, v]) => [k.slice('baseline_test_'.length), v] as const);
  const epochCap = config.train.epochs === 'auto' ? Number.POSITIVE_INFINITY : config.train.epochs;
  return {
    runId: record.id,
    runDir,
    bundleDir,
    status: record.status,
    model: record.model ?? { name: config.model.name, version: null },
    registration: 'reused',
    task: stored.task,
    metrics: record.metrics,
    baseline: Object.fromEntries(baseline),
    rows: { train: status.lock.rows.train, val: status.lock.rows.val, test: status.lock.rows.test },
    width: status.lock.width,
    epochs,
    bestEpoch,
    stoppedEarly: epochs < epochCap && bestEpoch < epochs,
    converged: bestEpoch < epochs,
    backend: record.backend ?? 'unknown',
    weightsSha256: record.weightsSha256 ?? '',
    dataFingerprint: record.dataFingerprint,
    configHash: record.configHash,
    durationMs: 0,
  };
}

/** The leaderboard of runs of one task: by the leaderboard metric, ties to the better tie-break metric. */
export function rankRuns(
  runs: readonly (TrainResult & { label: string })[],
): Pick<TrainJobsResult, 'metric' | 'tieBreak' | 'leaderboard'> {
  const task = runs[0]?.task ?? 'classification';
  const primary = metricForRole(task, 'leaderboard');
  const second = metricForRole(task, 'tie-break');
  const metric = `val_${primary.name}`;
  const tieBreak = `val_${second.name}`;
  const order = (a: number, b: number, direction: 'max' | 'min') =>
    Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : direction === 'max' ? b - a : a - b;
  const leaderboard = runs
    .map((r) => ({
      runId: r.runId,
      label: r.label,
      version: r.model.version,
      value: r.metrics[metric] ?? Number.NaN,
      tieBreak: r.metrics[tieBreak] ?? Number.NaN,
    }))
    .sort((a, b) => order(a.value, b.value, primary.direction) || order(a.tieBreak, b.tieBreak, second.direction))
    .map((r, i) => ({ rank: i + 1, ...r }));
  return { metric, tieBreak, leaderboard };
}
