// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the ${...} are placeholders of the deploy files, not templates
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveConfig } from '../../src/lib/config/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const text = (file: string) => readFileSync(path.join(root, file), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked structurally below
const yaml = (file: string): any => parse(text(file));

/** Runs scripts/deploy.sh with a gcloud config dir of its own (no credentials), optionally without gcloud. */
function deploy(args: string[], env: Record<string, string> = {}, noGcloud = false) {
  const gcloudConfig = mkdtempSync(path.join(os.tmpdir(), 'mlx-deploy-test-'));
  const gcloud = noGcloud ? { GCLOUD: path.join(gcloudConfig, 'no-such-gcloud') } : {};
  try {
    return spawnSync('bash', [path.join(root, 'scripts/deploy.sh'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: gcloudConfig, CLOUDSDK_CONFIG: gcloudConfig, ...gcloud, ...env },
      timeout: 60_000,
    });
  } finally {
    rmSync(gcloudConfig, { recursive: true, force: true });
  }
}

/** The service.yaml that deploy.sh printed (as comments after "# service.yaml:"). */
function printedService(stdout: string) {
  const body = stdout.split('# service.yaml:\n')[1] ?? '';
  return parse(body.replace(/^# {3}/gm, ''));
}

describe('deploy/cloudrun/service.yaml', () => {
  const service = yaml('deploy/cloudrun/service.yaml');
  const template = service.spec.template;
  const container = template.spec.containers[0];

  it('is a Cloud Run (Knative v1) service with one container on port 8080', () => {
    expect(service).toMatchObject({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' });
    expect(template.spec.containers).toHaveLength(1);
    expect(container.ports).toEqual([{ name: 'http1', containerPort: 8080 }]);
    expect(container.image).toBe('${IMAGE}');
    expect(template.spec.serviceAccountName).toBe('${RUNTIME_SERVICE_ACCOUNT}');
  });

  it('probes /ready at startup and /health for liveness', () => {
    expect(container.startupProbe.httpGet).toEqual({ path: '/ready', port: 8080 });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
  });

  it('sets concurrency, min ≤ max instances, CPU and memory', () => {
    expect(template.spec.containerConcurrency).toBeGreaterThan(0);
    const min = Number(template.metadata.annotations['autoscaling.knative.dev/minScale']);
    const max = Number(template.metadata.annotations['autoscaling.knative.dev/maxScale']);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThanOrEqual(Math.max(1, min));
    expect(container.resources.limits).toEqual({
      cpu: expect.any(String),
      memory: expect.stringMatching(/^\d+(Mi|Gi)$/),
    });
  });

  it('takes the API token from Secret Manager, never a literal', () => {
    const env: { name: string; value?: string; valueFrom?: unknown }[] = container.env;
    const token = env.find((e) => e.name === 'MLX_API_TOKEN');
    expect(token).toEqual({
      name: 'MLX_API_TOKEN',
      valueFrom: { secretKeyRef: { name: '${API_TOKEN_SECRET}', key: 'latest' } },
    });
    expect(env.find((e) => e.name === 'MLX_SERVE__AUTH__TOKEN_ENV')?.value).toBe('MLX_API_TOKEN');
  });

  it("its MLX_ variables are real config keys with valid values (mlx's own config loader accepts them)", () => {
    const env = Object.fromEntries(
      (container.env as { name: string; value?: string }[])
        .filter((e) => e.value !== undefined)
        .map((e) => [e.name, e.value as string]),
    );
    const resolved = resolveConfig({ cwd: root, env: { ...env, PORT: '8080' }, honourPortEnv: true });
    expect(resolved.config.serve).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      model: '/app/model',
      auth: { token_env: 'MLX_API_TOKEN', protect_ops: true },
    });
    expect(resolved.config.logging.format).toBe('json');
  });
});

describe('scripts/deploy.sh', () => {
  it('without credentials: deploys nothing, says why, prints the gcloud commands and the rendered service, exits 2', () => {
    const res = deploy([], { GCP_PROJECT_ID: 'demo-project', GCP_REGION: 'europe-west4' });
    expect(res.status).toBe(2);
    expect(res.stdout).toMatch(/cannot deploy: gcloud (is not installed|has no active credentials)/);
    expect(res.stdout).toContain('Nothing was deployed');
    expect(res.stdout).toContain(
      'gcloud run services replace service.yaml --project demo-project --region europe-west4',
    );
    expect(res.stdout).toContain('node scripts/api-smoke.mjs --url <URL> --token-env MLX_API_TOKEN');
    const rendered = printedService(res.stdout);
    expect(rendered.metadata.name).toBe('mlx');
    expect(rendered.spec.template.spec.serviceAccountName).toBe('mlx-runtime@demo-project.iam.gserviceaccount.com');
    expect(rendered.spec.template.spec.containers[0].image).toMatch(
      /^europe-west4-docker\.pkg\.dev\/demo-project\/mlx\/mlx:([0-9a-f]{40}|latest)$/,
    );
    expect(JSON.stringify(rendered)).not.toContain('${');
  });

  it('without gcloud at all: the same plan, exit 2', () => {
    const res = deploy([], { GCP_PROJECT_ID: 'p' }, true);
    expect(res.status).toBe(2);
    expect(res.stdout).toContain('cannot deploy: gcloud is not installed');
  });

  it('--dry-run renders the given image and exits 0', () => {
    const res = deploy(['--dry-run'], {
      GCP_PROJECT_ID: 'p',
      IMAGE: 'example.org/mlx@sha256:abc',
      MLX_SERVICE: 'mlx-staging',
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('dry run, nothing deployed');
    const rendered = printedService(res.stdout);
    expect(rendered.metadata.name).toBe('mlx-staging');
    expect(rendered.spec.template.spec.containers[0].image).toBe('example.org/mlx@sha256:abc');
  });

  it('rejects an unknown argument with exit 2', () => {
    const res = deploy(['--prod']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown argument '--prod'");
  });
});

describe('cloudbuild.yaml', () => {
  const build = yaml('cloudbuild.yaml');

  it('tests, trains, then builds the serve image with the trained bundle baked in, and pushes it', () => {
    expect(build.steps.map((s: { id: string }) => s.id)).toEqual(['install', 'test', 'train', 'build']);
    for (const step of build.steps) expect(step.name).toEqual(expect.any(String));
    const docker = build.steps.find((s: { id: string }) => s.id === 'build');
    expect(docker.args.join(' ')).toMatch(
      /docker build --target serve --build-arg "MODEL_DIR=\$\$\(cat \/workspace\/model_dir\)"/,
    );
    expect(build.images).toEqual(['${_IMAGE}:${_TAG}', '${_IMAGE}:latest']);
  });

  it('defines every user substitution it uses, and enables the nested ones', () => {
    const used = new Set([...text('cloudbuild.yaml').matchAll(/\$\{(_[A-Z_]+)\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(build.substitutions).sort());
    expect(build.options.dynamicSubstitutions).toBe(true);
  });

  it('waits for every step it names', () => {
    const ids = build.steps.map((s: { id: string }) => s.id);
    for (const step of build.steps)
      for (const dep of step.waitFor ?? []) expect(ids.indexOf(dep)).toBeLessThan(ids.indexOf(step.id));
  });
});

describe('Dockerfile', () => {
  const dockerfile = text('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ from: m[1], name: m[2] }));
  const stage = (name: string) => {
    const start = dockerfile.indexOf(`AS ${name}\n`);
    const next = dockerfile.indexOf('\nFROM ', start);
    return dockerfile.slice(start, next === -1 ? undefined : next);
  };

  it('is multi-stage on node:24-bookworm-slim, with serve as the last (default) target and a train target', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(stages.map((s) => s.name)).toEqual(['build', 'os', 'model', 'train', 'serve']);
  });

  it('installs production dependencies only in what ships, without install scripts', () => {
    expect(stage('build')).toContain('npm prune --omit=dev --ignore-scripts');
    for (const name of ['train', 'serve']) expect(stage(name)).not.toMatch(/npm (ci|install)/);
  });

  it('runs both targets as the non-root node user with ENTRYPOINT ["mlx"]; a HEALTHCHECK without curl', () => {
    for (const name of ['train', 'serve']) {
      expect(stage(name)).toMatch(/^USER node$/m);
      expect(stage(name)).toMatch(/^ENTRYPOINT \["mlx"\]$/m);
    }
    expect(stage('serve')).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'/m);
    const instructions = dockerfile.split('\n').filter((line) => !line.startsWith('#'));
    expect(instructions.join('\n')).not.toMatch(/\b(curl|wget)\b/);
  });

  it('bakes MODEL_DIR into /app/model, defaulting to a folder that explains how to mount one', () => {
    expect(stage('model')).toContain('ARG MODEL_DIR=deploy/model');
    expect(stage('serve')).toContain('COPY --from=model --chown=node:node / /app/model/');
    expect(text('deploy/model/README.md')).toContain('/app/model');
  });

  it('.dockerignore keeps secrets, dependencies and outputs out, but not the bundles under runs/ and models/', () => {
    const ignored = text('.dockerignore')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['.git', '**/node_modules', '.env', '.env.*', 'var', 'data/processed']),
    );
    expect(ignored.some((l) => /^(runs|models)\b/.test(l))).toBe(false);
  });
});
