import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeJob, type MlxConfig, type Override, projectPath } from '../config/index.js';
import { metricForRole } from '../evaluate/metrics/index.js';
import type { Logger } from '../logging.js';
import { configHash } from '../tracking/lineage.js';
import { registerRun } from '../tracking/register-run.js';
import { openRegistryStore } from '../tracking/registry-store.js';
import { RUN_FILES } from '../tracking/run-dir.js';
import type { EpochStats } from '../train/types.js';
import { identicalRun } from './pipeline.js';
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

type TrainJobsOptions = {
  logger: Logger;
  signal?: AbortSignal;
  force?: boolean;
  /** Members trained at once in worker processes (local launcher). */
  jobs?: number;
  env?: NodeJS.ProcessEnv;
} & TrainJobsEvents;

/**
 * `mlx train`: runs each job as an ordinary training run — in order here, in `jobs` worker processes at
 * once, or as Cloud Run Job executions (`train.launcher`) — and ranks them by the task's leaderboard
 * metric on the validation split (ties: the tie-break metric). A job whose data and config match a
 * completed run is not trained again (that run is reused) unless `force`. `train.register` decides what
 * becomes a version: `best` (the run, or the sweep's leader), `all`, `none`; on Cloud Run every member
 * registers (its run folder ends with its container).
 */
export async function trainJobs(jobs: readonly TrainJob[], options: TrainJobsOptions): Promise<TrainJobsResult> {
  const sweep = jobs.length > 1;
  // A sweep registers its leader once every member is ranked (below), unless `all`.
  const registers = (job: TrainJob) =>
    job.config.train.register === 'all' || (job.config.train.register === 'best' && !sweep);
  const runs = await runJobs(jobs, options, registers);
  const ranked = rankRuns(runs);
  const leader = ranked.leaderboard[0];
  const first = jobs[0];
  if (sweep && leader && first && first.config.train.register === 'best') {
    const run = runs.find((r) => r.runId === leader.runId);
    if (run && run.model.version === null && run.status === 'completed' && run.runDir !== '') {
      const store = await openRegistryStore({
        root: first.root,
        config: first.config,
        ...(options.env ? { env: options.env } : {}),
      });
      const done = await registerRun(store, run.runDir, {
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

/** Trains (or reuses) every job where `train.launcher` and `--jobs` say; results in the jobs' order. */
async function runJobs(
  jobs: readonly TrainJob[],
  options: TrainJobsOptions,
  registers: (job: TrainJob) => boolean,
): Promise<TrainJobsResult['runs']> {
  const labelled = (r: TrainResult, i: number) => ({ ...r, label: jobs[i]?.label ?? '' });
  if (jobs[0]?.config.train.launcher === 'cloud-run-jobs') {
    const members = jobs.map((j) => ({ label: j.label, config: j.config, overrides: j.overrides ?? [] }));
    return (await launchCloudRunJobs(members, options)).map(labelled);
  }
  const runs = new Array<TrainJobsResult['runs'][number]>(jobs.length);
  const toTrain: number[] = [];
  for (const [i, job] of jobs.entries()) {
    const reused = options.force ? null : await reuseIdenticalRun(job.root, job.config);
    if (!reused) {
      toTrain.push(i);
      continue;
    }
    options.logger.info(
      `train: skipped, run ${reused.runId} has the same data and config${reused.model.version === null ? '' : ` (${reused.model.name} v${reused.model.version})`}; --force trains again`,
    );
    runs[i] = { ...reused, label: job.label };
  }
  if ((options.jobs ?? 1) > 1 && toTrain.length > 1) {
    const members = toTrain.map((i) => {
      const job = jobs[i] as TrainJob;
      return { ...job, register: registers(job), force: options.force ?? false };
    });
    const results = await trainInParallel(members, { ...options, jobs: options.jobs ?? 1 });
    for (const [k, i] of toTrain.entries()) runs[i] = labelled(results[k] as TrainResult, i);
    return runs;
  }
  for (const i of toTrain) {
    const job = jobs[i] as TrainJob;
    if (jobs.length > 1) options.logger.info(`sweep job ${i + 1}/${jobs.length}: ${job.label}`);
    options.onJobStart?.(i, jobs.length, job.label);
    const result = await trainModel({
      root: job.root,
      config: job.config,
      logger: options.logger,
      register: registers(job),
      ...(options.force ? { force: true } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.onFitEnd ? { onFitEnd: options.onFitEnd } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    runs[i] = labelled(result, i);
    await publishMemberResult(result, options.env);
  }
  return runs;
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
  // A gbdt run's epochs are its boosting iterations, capped by model.max_iter (train.epochs is the MLP's).
  const epochCap =
    config.model.type === 'gbdt'
      ? config.model.max_iter
      : config.train.epochs === 'auto'
        ? Number.POSITIVE_INFINITY
        : config.train.epochs;
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
