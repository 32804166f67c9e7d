// `train.launcher: cloud-run-jobs` against a local stand-in for the Cloud Run Admin API v2 that really runs
// each execution: the built `mlx` with the container overrides of the jobs.run request, as the job's
// container would. Results come back through the registry bucket (s3rver).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweep, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { listModels } from '../../../src/lib/tracking/models.js';
import { overrideTexts, sweepLabels, trainJobs } from '../../../src/lib/workflows/train.js';
import { mlxBin } from '../../helpers/cli.js';
import { copyProject } from '../../helpers/project.js';
import { type S3Server, startS3Server } from '../../helpers/s3-server.js';

interface Recorded {
  method: string;
  path: string;
  auth: string | undefined;
  body: unknown;
}

/** The Admin API's jobs.run and operations.get, running each execution as a local `mlx` process. */
async function fakeCloudRun(cwd: string, baseEnv: NodeJS.ProcessEnv, deny = false) {
  const recorded: Recorded[] = [];
  const executions = new Map<string, { exit: number | null }>();
  // Executions run one after another: s3rver ignores conditional writes, so two members registering in the
  // bucket at the same moment could overwrite each other's registry.json (the product warns about such a
  // bucket); real Cloud Run against S3/GCS runs them at once.
  let previous: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += String(c);
    });
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as unknown) : null;
      recorded.push({ method: req.method ?? '', path: req.url ?? '', auth: req.headers.authorization, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (deny) return reply(403, { error: { code: 403, message: "Permission 'run.jobs.runWithOverrides' denied" } });
      const run = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+)\/jobs\/[^/:]+:run$/.exec(req.url ?? '');
      if (req.method === 'POST' && run) {
        const override = (
          body as { overrides: { containerOverrides: { args: string[]; env: { name: string; value: string }[] }[] } }
        ).overrides.containerOverrides[0];
        const env = { ...baseEnv, ...Object.fromEntries((override?.env ?? []).map((e) => [e.name, e.value])) };
        const name = `${run[1]}/operations/op-${executions.size + 1}`;
        const execution = { exit: null as number | null };
        previous = previous.then(
          () =>
            new Promise<void>((done) => {
              const child = spawn(process.execPath, [mlxBin, ...(override?.args ?? []), '-q'], {
                cwd,
                env,
                stdio: 'ignore',
              });
              child.on('exit', (code) => {
                execution.exit = code ?? 1;
                done();
              });
            }),
        );
        executions.set(name, execution);
        return reply(200, { name, done: false, metadata: { name: `${name}-execution` } });
      }
      const op = /^\/v2\/(projects\/.+\/operations\/.+)$/.exec(req.url ?? '');
      const execution = op?.[1] ? executions.get(op[1]) : undefined;
      if (req.method === 'GET' && op?.[1] && execution) {
        if (execution.exit === null) return reply(200, { name: op[1], done: false });
        return reply(
          200,
          execution.exit === 0
            ? { name: op[1], done: true, response: { succeededCount: 1, failedCount: 0 } }
            : { name: op[1], done: true, error: { code: 2, message: `mlx exited ${execution.exit}` } },
        );
      }
      return reply(404, { error: { code: 404, message: 'not found' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    recorded,
    close: () => new Promise((r) => server.close(r)),
  };
}

let s3: S3Server;
let root: string;
beforeAll(async () => {
  s3 = await startS3Server(['sweeps']);
  root = copyProject('mlx-cloud-run-');
});
afterAll(async () => {
  await s3?.close();
  rmSync(root, { recursive: true, force: true });
});

async function members(api: string, sweep: string[]) {
  const base = [
    'train.launcher=cloud-run-jobs',
    'train.cloud_run.project=my-project',
    'train.cloud_run.job=mlx-train',
    `train.cloud_run.api=${api}`,
    'train.cloud_run.poll_interval=0.2',
    'paths.models=s3://sweeps/registry',
  ];
  const expanded = expandSweep([...base, ...sweep]);
  const labels = sweepLabels(expanded);
  const out = [];
  for (const [i, job] of expanded.entries()) {
    const overrides = overrideTexts(job);
    const { config } = await resolveConfig({ cwd: root, env: {}, overrides });
    out.push({ label: labels[i] ?? '', root, config, overrides });
  }
  return out;
}

describe('train.launcher: cloud-run-jobs', () => {
  it('submits one jobs.run per member with container overrides and collects the results from the bucket', async () => {
    const env = { ...s3.env, CLOUDSDK_AUTH_ACCESS_TOKEN: 'ya29.test-token' };
    const api = await fakeCloudRun(root, { ...process.env, ...s3.env });
    try {
      const jobs = await members(api.url, ['train.epochs=3', 'train.backend=wasm', 'train.lr=0.05,0.01']);
      await prepareData({ root, config: (jobs[0] as (typeof jobs)[number]).config, logger: silentLogger() });
      // When the sweep is launched on "Cloud Run"
      const result = await trainJobs(jobs, { logger: silentLogger(), env });
      // Then each member ran remotely and its result came back, ranked
      expect(result.runs.map((r) => [r.label, r.status])).toEqual([
        ['train.lr=0.05', 'completed'],
        ['train.lr=0.01', 'completed'],
      ]);
      expect(result.leaderboard).toHaveLength(2);
      Object.assign(process.env, s3.env);
      const [model] = await listModels({ root, config: (jobs[0] as (typeof jobs)[number]).config });
      expect(model?.versions.map((v) => v.runId).sort()).toEqual(result.runs.map((r) => r.runId).sort());
      // And the requests are the API reference's shapes: jobs.run with overrides, then operations.get
      const runs = api.recorded.filter((r) => r.method === 'POST');
      expect(runs.map((r) => r.path)).toEqual([
        '/v2/projects/my-project/locations/europe-west1/jobs/mlx-train:run',
        '/v2/projects/my-project/locations/europe-west1/jobs/mlx-train:run',
      ]);
      expect(runs.every((r) => r.auth === 'Bearer ya29.test-token')).toBe(true);
      const body = runs[0]?.body as {
        overrides: {
          containerOverrides: { args: string[]; env: { name: string; value: string }[]; clearArgs: boolean }[];
        };
      };
      expect(body).toEqual({
        overrides: {
          containerOverrides: [
            {
              args: expect.arrayContaining([
                'train',
                '--set',
                'train.lr=0.05',
                'paths.models=s3://sweeps/registry',
                'train.launcher=local',
              ]),
              env: [
                {
                  name: 'MLX_SWEEP_RESULT',
                  value: expect.stringMatching(/^s3:\/\/sweeps\/registry\/\.sweeps\/[\w-]+\/member-0\.json$/),
                },
              ],
              clearArgs: false,
            },
          ],
          taskCount: 1,
          timeout: '3600s',
        },
      });
      expect(body.overrides.containerOverrides[0]?.args[0]).toBe('train');
      const polls = api.recorded.filter((r) => r.method === 'GET').map((r) => r.path);
      expect(
        polls.every((p) => /^\/v2\/projects\/my-project\/locations\/europe-west1\/operations\/op-[12]$/.test(p)),
      ).toBe(true);
    } finally {
      for (const key of Object.keys(s3.env)) delete process.env[key];
      await api.close();
    }
  }, 180_000);

  it('says what the API refused (permission) and what the caller needs', async () => {
    const api = await fakeCloudRun(root, process.env, true);
    try {
      const jobs = await members(api.url, ['train.epochs=3']);
      await expect(
        trainJobs(jobs, { logger: silentLogger(), env: { CLOUDSDK_AUTH_ACCESS_TOKEN: 't' } }),
      ).rejects.toMatchObject({ code: 'MLX_LAUNCHER', hint: expect.stringMatching(/roles\/run\.developer/) });
    } finally {
      await api.close();
    }
  });

  it('needs a project, a job and a registry in a bucket', async () => {
    const { config } = await resolveConfig({ cwd: root, env: {}, overrides: ['train.launcher=cloud-run-jobs'] });
    await expect(trainJobs([{ label: '', root, config }], { logger: silentLogger(), env: {} })).rejects.toMatchObject({
      code: 'MLX_CONFIG_INVALID',
    });
  });
});
