import { describeJob, type MlxConfig, type Override } from '../config/index.js';
import { metricForRole } from '../evaluate/metrics/index.js';
import type { Logger } from '../logging.js';
import type { EpochStats } from '../train/types.js';
import { launchCloudRunJobs, publishMemberResult } from './train-launch/cloud-run-jobs.js';
import { trainInParallel } from './train-launch/local.js';
import { type TrainResult, trainModel } from './train-run.js';

export type { TrainResult } from './train-run.js';

export interface TrainJob {
  /** `train.lr=0.1 model.hidden=[32]` for a sweep job, '' for a single run. */
  label: string;
  root: string;
  config: MlxConfig;
  /** The `--set` overrides that make this job (a remote launcher passes them to the member). */
  overrides?: readonly string[];
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

/** The `--set` texts that reproduce one expanded sweep job (what a remote member is launched with). */
export function overrideTexts(job: readonly Override[]): string[] {
  const prefix = { set: '', add: '+', force: '++', delete: '~' } as const;
  return job.map((o) => {
    if (o.kind === 'delete') return `~${o.key}${o.value?.kind === 'value' ? `=${valueText(o.value.value)}` : ''}`;
    return o.value.kind === 'value' ? `${prefix[o.kind]}${o.key}=${valueText(o.value.value)}` : o.text;
  });
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}:${valueText(v)}`)
      .join(',')}}`;
  return String(value);
}

/**
 * `mlx train`: runs each job as an ordinary training run — in order here, in `jobs` worker processes at
 * once, or as Cloud Run Job executions (`train.launcher`) — and ranks them by the task's leaderboard
 * metric on the validation split (ties: the tie-break metric).
 */
export async function trainJobs(
  jobs: readonly TrainJob[],
  options: { logger: Logger; signal?: AbortSignal; jobs?: number; env?: NodeJS.ProcessEnv } & TrainJobsEvents,
): Promise<TrainJobsResult> {
  const remote = await launchElsewhere(jobs, options);
  if (remote) return { runs: remote, ...rankRuns(remote) };
  const runs: TrainJobsResult['runs'] = [];
  for (const [i, job] of jobs.entries()) {
    if (jobs.length > 1) options.logger.info(`sweep job ${i + 1}/${jobs.length}: ${job.label}`);
    options.onJobStart?.(i, jobs.length, job.label);
    const result = await trainModel({
      root: job.root,
      config: job.config,
      logger: options.logger,
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.onFitEnd ? { onFitEnd: options.onFitEnd } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    runs.push({ ...result, label: job.label });
    await publishMemberResult(result, options.env);
  }
  return { runs, ...rankRuns(runs) };
}

/** `train.launcher: cloud-run-jobs`, or `--jobs N` worker processes: the runs, or null to train here in order. */
async function launchElsewhere(
  jobs: readonly TrainJob[],
  options: { logger: Logger; signal?: AbortSignal; jobs?: number; env?: NodeJS.ProcessEnv } & TrainJobsEvents,
): Promise<TrainJobsResult['runs'] | null> {
  const label = (results: readonly TrainResult[]) => results.map((r, i) => ({ ...r, label: jobs[i]?.label ?? '' }));
  if (jobs[0]?.config.train.launcher === 'cloud-run-jobs') {
    const members = jobs.map((j) => ({ label: j.label, config: j.config, overrides: j.overrides ?? [] }));
    return label(await launchCloudRunJobs(members, options));
  }
  if ((options.jobs ?? 1) > 1 && jobs.length > 1) {
    return label(await trainInParallel(jobs, { ...options, jobs: options.jobs ?? 1 }));
  }
  return null;
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
