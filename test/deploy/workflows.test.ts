import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkGithubParser,
  checkJsonSchema,
  listWorkflowFiles,
  validateWorkflowText,
} from '../../scripts/ci/validate-workflows.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const files = listWorkflowFiles(root);
const read = (name: string) => readFileSync(path.join(root, '.github', 'workflows', name), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked structurally below
const load = (name: string): any => parse(read(name));

describe('GitHub workflows', () => {
  it('ships the five workflows of the delivery pipeline', () => {
    expect(files.map((f) => path.basename(f))).toEqual(['ci.yml', 'data.yml', 'deploy.yml', 'docker.yml', 'drift.yml']);
  });

  it.each(files.map((f) => [path.basename(f), f]))(
    '%s is valid for the JSON schema and GitHub’s parser',
    async (_n, f) => {
      expect(await validateWorkflowText(path.basename(f), readFileSync(f, 'utf8'))).toEqual([]);
    },
  );

  describe('a typo fails validation', () => {
    const ci = read('ci.yml');
    it('a misspelt job key (runs_on)', async () => {
      const text = ci.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
      expect(text).not.toBe(ci);
      expect(
        checkJsonSchema('ci.yml', text)
          .map((p) => p.message)
          .join('\n'),
      ).toContain("'runs_on'");
      expect((await checkGithubParser('ci.yml', text)).map((p) => p.message).join('\n')).toMatch(
        /Unexpected value 'runs_on'/,
      );
    });

    it('an unknown event (pull_requests)', async () => {
      const text = ci.replace(/^ {2}pull_request:$/m, '  pull_requests:');
      expect(text).not.toBe(ci);
      expect(checkJsonSchema('ci.yml', text)).not.toEqual([]);
      expect((await checkGithubParser('ci.yml', text)).map((p) => p.message).join('\n')).toContain('pull_requests');
    });

    it('a step without run/uses (rnu:)', async () => {
      const text = ci.replace('- run: npm ci --no-audit --no-fund', '- rnu: npm ci --no-audit --no-fund');
      expect(text).not.toBe(ci);
      expect(checkJsonSchema('ci.yml', text)).not.toEqual([]);
      expect((await checkGithubParser('ci.yml', text)).map((p) => p.message).join('\n')).toContain("'rnu'");
    });

    it('a broken expression and a YAML syntax error', async () => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      const expr = ci.replace('${{ matrix.node }}', '${{ matrix.node }');
      expect(expr).not.toBe(ci);
      expect(await checkGithubParser('ci.yml', expr)).not.toEqual([]);
      const yaml = ci.replace('permissions:\n  contents: read', 'permissions:\n  contents: read\n description: a: b');
      expect(await validateWorkflowText('ci.yml', yaml)).not.toEqual([]);
    });
  });

  it('ci.yml mirrors .ci/run and tests on Node 24/26 × Linux/macOS with the npm cache', () => {
    const ci = load('ci.yml');
    const mirror = ci.jobs.ci.steps;
    expect(mirror.find((s: { uses?: string }) => s.uses?.startsWith('actions/setup-node')).with).toEqual({
      'node-version-file': '.nvmrc',
      cache: 'npm',
    });
    expect(mirror.some((s: { run?: string }) => s.run?.includes('bash .ci/run'))).toBe(true);
    const matrix = ci.jobs.matrix;
    expect(matrix.strategy.matrix).toEqual({ os: ['ubuntu-latest', 'macos-latest'], node: ['24', '26'] });
    const runs = matrix.steps.map((s: { run?: string }) => s.run ?? '');
    for (const cmd of [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npx vitest run --coverage',
      'npx mlx pipeline',
    ]) {
      expect(runs.some((r: string) => r.startsWith(cmd))).toBe(true);
    }
  });

  it('pushes and deploys with Workload Identity Federation, never a JSON key', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|service_account_key/);
    }
    for (const name of ['docker.yml', 'deploy.yml', 'drift.yml']) {
      const wf = load(name);
      const jobs = Object.values(wf.jobs) as {
        permissions?: Record<string, string>;
        steps: { uses?: string; with?: Record<string, string> }[];
      }[];
      const auth = jobs.flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('google-github-actions/auth@'));
      expect(auth.length).toBeGreaterThan(0);
      for (const step of auth)
        expect(Object.keys(step.with ?? {}).sort()).toEqual(['service_account', 'workload_identity_provider']);
      expect(jobs.some((j) => j.permissions?.['id-token'] === 'write')).toBe(true);
    }
  });

  it('triggers: deploy after Docker on main, data on data changes, drift on a schedule', () => {
    expect(load('docker.yml').on.push.branches).toEqual(['main']);
    expect(load('deploy.yml').on.workflow_run).toMatchObject({
      workflows: ['Docker'],
      types: ['completed'],
      branches: ['main'],
    });
    expect(load('deploy.yml').jobs.deploy.steps.some((s: { run?: string }) => s.run === 'bash scripts/deploy.sh')).toBe(
      true,
    );
    expect(load('data.yml').on.pull_request.paths).toEqual(expect.arrayContaining(['data/**', 'data.lock']));
    expect(read('data.yml')).toContain('GITHUB_STEP_SUMMARY');
    const drift = load('drift.yml');
    expect(drift.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(read('drift.yml')).toMatch(/npx mlx drift .*--fail-on-drift/);
  });

  it('pins every action to a version', () => {
    for (const f of files) {
      for (const [, ref] of readFileSync(f, 'utf8').matchAll(/uses:\s*(\S+)/g)) {
        expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
      }
    }
  });
});
