import { MlxError } from '../../errors.js';

/** The Cloud Run Job that runs `mlx train`, as `train.cloud_run` names it. */
export interface CloudRunJob {
  /** API root (`https://run.googleapis.com`). */
  api: string;
  project: string;
  region: string;
  job: string;
  /** Container to override (null = the job's first container). */
  container: string | null;
  timeoutSeconds: number;
}

/** `RunJobRequest` of the Cloud Run Admin API v2 (`POST /v2/{name}:run`). */
export interface RunJobRequest {
  overrides: {
    containerOverrides: { name?: string; args: string[]; env: { name: string; value: string }[]; clearArgs: false }[];
    taskCount: 1;
    /** A protobuf Duration in JSON: seconds with an `s` suffix. */
    timeout: string;
  };
}

/** `google.longrunning.Operation` as jobs.run and operations.get answer; `response` is the Execution. */
export interface Operation {
  name: string;
  done?: boolean;
  error?: { code: number; message: string };
  response?: { name?: string; succeededCount?: number; failedCount?: number; cancelledCount?: number };
  metadata?: { name?: string };
}

/** `projects/P/locations/R/jobs/J`. */
export function jobName(job: CloudRunJob): string {
  return `projects/${job.project}/locations/${job.region}/jobs/${job.job}`;
}

/** The jobs.run request for one sweep member: `mlx ARGS` in the job's container with extra environment. */
export function runJobRequest(
  job: CloudRunJob,
  args: readonly string[],
  env: Record<string, string>,
): {
  url: string;
  body: RunJobRequest;
} {
  return {
    url: `${job.api.replace(/\/+$/, '')}/v2/${jobName(job)}:run`,
    body: {
      overrides: {
        containerOverrides: [
          {
            ...(job.container ? { name: job.container } : {}),
            args: [...args],
            env: Object.entries(env).map(([name, value]) => ({ name, value })),
            clearArgs: false,
          },
        ],
        taskCount: 1,
        timeout: `${job.timeoutSeconds}s`,
      },
    },
  };
}

/** `GET /v2/{operation name}`. */
export function operationUrl(job: CloudRunJob, name: string): string {
  return `${job.api.replace(/\/+$/, '')}/v2/${name}`;
}

const METADATA_TOKEN = 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token';

/**
 * An OAuth access token: CLOUDSDK_AUTH_ACCESS_TOKEN or GOOGLE_OAUTH_ACCESS_TOKEN (e.g. from
 * `gcloud auth print-access-token`), else the metadata server of the machine (Cloud Run, GCE, GKE).
 */
export async function accessToken(env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch): Promise<string> {
  const given = env.CLOUDSDK_AUTH_ACCESS_TOKEN ?? env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (given) return given;
  try {
    const res = await fetchImpl(METADATA_TOKEN, { headers: { 'Metadata-Flavor': 'Google' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  } catch (error) {
    throw new MlxError('MLX_LAUNCHER', `No Google Cloud access token: ${(error as Error).message}.`, {
      hint: 'Outside Google Cloud, export CLOUDSDK_AUTH_ACCESS_TOKEN="$(gcloud auth print-access-token)".',
      cause: error,
    });
  }
}

/** Calls the Admin API with a bearer token; a non-2xx answer becomes MLX_LAUNCHER with Google's message. */
export async function callApi<T>(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; token: string },
  fetchImpl: typeof fetch = fetch,
): Promise<T> {
  const res = await fetchImpl(url, {
    method: init.method,
    headers: {
      Authorization: `Bearer ${init.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // Not JSON (a proxy's page): the raw text says it.
    }
    throw new MlxError('MLX_LAUNCHER', `Cloud Run Admin API ${init.method} ${url}: HTTP ${res.status}: ${message}`, {
      hint:
        res.status === 403 || res.status === 401
          ? 'The caller needs roles/run.developer (run.jobs.runWithOverrides) on the job.'
          : 'Check train.cloud_run (project, region, job) and that the job exists: gcloud run jobs describe JOB.',
    });
  }
  return JSON.parse(text) as T;
}
