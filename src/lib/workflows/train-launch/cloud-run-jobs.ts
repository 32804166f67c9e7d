import { randomUUID } from 'node:crypto';
import type { MlxConfig } from '../../config/index.js';
import { isBucketUrl } from '../../data/remote/bucket-url.js';
import { ConfigError, MlxError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import type { TrainResult } from '../train-run.js';
import {
  accessToken,
  type CloudRunJob,
  callApi,
  jobName,
  type Operation,
  operationUrl,
  runJobRequest,
} from './cloud-run-api.js';

/** One sweep member for a remote launcher: its label, resolved config, and the `--set` overrides that make it. */
export interface RemoteJob {
  label: string;
  config: MlxConfig;
  overrides: readonly string[];
}

export interface CloudRunOptions {
  logger: Logger;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  onJobStart?: (index: number, total: number, label: string) => void;
}

/** The environment variable that tells a member where to write its result (a bucket URL of a JSON object). */
export const RESULT_ENV = 'MLX_SWEEP_RESULT';

/** `train.cloud_run` checked: project and job set, and a registry in a bucket (results come back through it). */
export function cloudRunJob(config: MlxConfig): CloudRunJob {
  const c = config.train.cloud_run;
  if (!c.project || !c.job)
    throw new ConfigError('train.launcher is cloud-run-jobs, but train.cloud_run.project or .job is not set.', {
      hint: 'Set train.cloud_run.project and train.cloud_run.job (see docs/deploy-gcp.md: the training job).',
    });
  if (!isBucketUrl(config.paths.models))
    throw new ConfigError(
      `train.launcher cloud-run-jobs needs a registry in a bucket; paths.models is '${config.paths.models}'.`,
      {
        hint: 'Set paths.models to gs://BUCKET/registry (the job writes its versions and results there).',
      },
    );
  return {
    api: c.api,
    project: c.project,
    region: c.region,
    job: c.job,
    container: c.container,
    timeoutSeconds: c.timeout,
  };
}

/**
 * Runs each member as one Cloud Run Job execution (`jobs.run` with container overrides: `mlx train --set
 * ...`), waits for every operation, then reads each member's TrainResult from the registry bucket, where
 * the member wrote it next to the version it registered. A failed execution fails the sweep (after all end).
 */
export async function launchCloudRunJobs(jobs: readonly RemoteJob[], options: CloudRunOptions): Promise<TrainResult[]> {
  const first = jobs[0];
  if (!first) return [];
  const job = cloudRunJob(first.config);
  const env = options.env ?? process.env;
  const fetchImpl = options.fetch ?? fetch;
  const token = await accessToken(env, fetchImpl);
  const sweep = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  const resultsUrl = `${first.config.paths.models.replace(/\/+$/, '')}/.sweeps/${sweep}`;
  const operations: Operation[] = [];
  for (const [i, member] of jobs.entries()) {
    options.onJobStart?.(i, jobs.length, member.label);
    const args = [
      'train',
      ...member.overrides.flatMap((o) => ['--set', o]),
      '--set',
      `paths.models=${member.config.paths.models}`,
      '--set',
      'train.launcher=local',
    ];
    const { url, body } = runJobRequest(job, args, { [RESULT_ENV]: `${resultsUrl}/member-${i}.json` });
    const op = await callApi<Operation>(url, { method: 'POST', body, token }, fetchImpl);
    options.logger.info(`sweep job ${i + 1}/${jobs.length} submitted to ${jobName(job)}: ${member.label}`, {
      operation: op.name,
    });
    operations.push(op);
  }
  const done = await waitAll(job, operations, token, first.config.train.cloud_run.poll_interval, options, fetchImpl);
  const failed = done.flatMap((op, i) =>
    op.error || (op.response?.failedCount ?? 0) > 0
      ? [`${i + 1} (${jobs[i]?.label}): ${op.error?.message ?? 'execution failed'}`]
      : [],
  );
  if (failed.length > 0)
    throw new MlxError(
      'MLX_LAUNCHER',
      `${failed.length} of ${jobs.length} Cloud Run executions failed: ${failed.join('; ')}.`,
      {
        hint: 'Read the execution logs: gcloud run jobs executions list --job JOB, then gcloud logging read.',
      },
    );
  const { openBucket } = await import('../../data/remote/object-bucket.js');
  const bucket = openBucket(resultsUrl, { what: 'paths.models', env });
  try {
    return await Promise.all(
      jobs.map(async (member, i) => {
        const found = await bucket.readText(`member-${i}.json`);
        if (!found)
          throw new MlxError(
            'MLX_LAUNCHER',
            `Member ${i + 1} (${member.label}) succeeded but left no result in ${resultsUrl}.`,
            {
              hint: 'The job image must run this mlx version (it writes $MLX_SWEEP_RESULT after training).',
            },
          );
        return JSON.parse(found.text) as TrainResult;
      }),
    );
  } finally {
    bucket.close();
  }
}

async function waitAll(
  job: CloudRunJob,
  operations: readonly Operation[],
  token: string,
  pollSeconds: number,
  options: CloudRunOptions,
  fetchImpl: typeof fetch,
): Promise<Operation[]> {
  const state = [...operations];
  const deadline = Date.now() + (job.timeoutSeconds + 600) * 1000;
  while (state.some((op) => !op.done)) {
    if (options.signal?.aborted)
      throw new MlxError('MLX_INTERRUPTED', 'Stopped waiting for the Cloud Run executions; they keep running.', {
        hint: 'Cancel them with gcloud run jobs executions cancel EXECUTION, or let them finish.',
      });
    if (Date.now() > deadline)
      throw new MlxError(
        'MLX_LAUNCHER',
        `The Cloud Run executions did not finish within ${job.timeoutSeconds + 600} s.`,
      );
    await new Promise((r) => setTimeout(r, pollSeconds * 1000));
    for (const [i, op] of state.entries()) {
      if (op.done) continue;
      const now = await callApi<Operation>(operationUrl(job, op.name), { method: 'GET', token }, fetchImpl);
      if (now.done)
        options.logger.info(`sweep job ${i + 1}/${state.length} finished`, { operation: op.name, ok: !now.error });
      state[i] = now;
    }
  }
  return state;
}

/** In a member (MLX_SWEEP_RESULT set by the launcher): writes its TrainResult where the launcher reads it. */
export async function publishMemberResult(result: TrainResult, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const url = env[RESULT_ENV];
  if (!url) return;
  const slash = url.lastIndexOf('/');
  const { openBucket } = await import('../../data/remote/object-bucket.js');
  const bucket = openBucket(url.slice(0, slash), { what: RESULT_ENV, env });
  try {
    await bucket.writeText(url.slice(slash + 1), JSON.stringify(result));
  } finally {
    bucket.close();
  }
}
