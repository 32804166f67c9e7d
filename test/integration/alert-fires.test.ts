// An alert that really fires: a real Prometheus (Debian package) scrapes a running built `mlx serve`
// every second and evaluates deploy/prometheus/alerts.yml (the same expressions, `for:` shortened);
// shifted traffic from `mlx simulate` makes the in-server drift check set mlx_dataset_drift, and
// MlxDataDrift becomes `firing` in Prometheus' HTTP API. Loopback only, bounded in time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runMlx } from '../helpers/cli.js';
import {
  type Child,
  cleanEnv,
  eventually,
  freePort,
  hasPrometheus,
  spawnUntil,
  startServe,
  trainedProject,
} from './helpers.js';

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

describe.skipIf(!hasPrometheus())('Prometheus alert fires against a running mlx serve', () => {
  let project: string;
  let serve: Child & { value: string };
  let prometheus: Child & { value: boolean };
  let prom: string;

  const api = async <T>(query: string): Promise<T> => {
    const res = await fetch(`${prom}/api/v1/${query}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
    return body.data;
  };
  const alerts = async (name: string) =>
    (await api<{ alerts: Alert[] }>('alerts')).alerts.filter((a) => a.labels.alertname === name);

  beforeAll(async () => {
    project = trainedProject('mlx-alert-');
    serve = await startServe(project, [
      '--set',
      'serve.drift_check_interval=1',
      '--set',
      'drift.since=10m',
      '--set',
      'drift.min_samples=50',
    ]);
    const target = new URL(serve.value).host;
    const dir = path.join(project, 'prometheus');
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    // The real rules, with every `for:` shortened so the test is bounded (expressions unchanged).
    const rules = readFileSync(path.join(repoRoot, 'deploy/prometheus/alerts.yml'), 'utf8').replace(
      /^(\s+for:) \S+$/gm,
      '$1 2s',
    );
    writeFileSync(path.join(dir, 'alerts.yml'), rules);
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [alerts.yml]',
        'scrape_configs:',
        `  - { job_name: mlx, metrics_path: /metrics, static_configs: [{ targets: ["${target}"] }] }`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    prom = `http://127.0.0.1:${port}`;
    prometheus = await spawnUntil(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { cwd: dir, env: cleanEnv() },
      (out) => (/Server is ready to receive web requests/.test(out) ? true : undefined),
    );
  }, 240_000);

  afterAll(async () => {
    await prometheus?.stop();
    await serve?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('scrapes mlx and keeps MlxDataDrift quiet while there is no drift', async () => {
    await eventually(
      async () => {
        const up = await api<{ result: { value: [number, string] }[] }>('query?query=up%7Bjob%3D%22mlx%22%7D');
        return up.result[0]?.value[1] === '1' ? true : undefined;
      },
      30_000,
      'the mlx target to be up',
    );
    const share = await eventually(
      async () => (await api<{ result: unknown[] }>('query?query=mlx_dataset_drift')).result[0],
      30_000,
      'mlx_dataset_drift to be scraped',
    );
    expect(share).toBeDefined();
    expect(await alerts('MlxDataDrift')).toEqual([]);
  }, 90_000);

  it('every Grafana dashboard query is valid PromQL for this Prometheus', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'deploy/grafana/mlx.json'), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) {
      const q = expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*');
      await expect(api(`query?query=${encodeURIComponent(q)}`), expr).resolves.toBeDefined();
    }
  });

  it('shifted traffic makes MlxDataDrift fire', async () => {
    const sim = runMlx(
      [
        'simulate',
        '--url',
        serve.value,
        '--rows',
        '300',
        '--scale',
        'bill_length_mm=1.3',
        '--add',
        'flipper_length_mm=20',
        '--category',
        'island=Dream:0.8',
        '--json',
      ],
      { cwd: project, env: cleanEnv() },
    );
    expect(sim.code, sim.stderr).toBe(0);
    expect(JSON.parse(sim.stdout)).toMatchObject({ sent: 300, accepted: 300 });
    const firing = await eventually(
      async () => (await alerts('MlxDataDrift')).find((a) => a.state === 'firing'),
      60_000,
      'MlxDataDrift to fire',
    );
    expect(firing.labels).toMatchObject({ alertname: 'MlxDataDrift', job: 'mlx', severity: 'warning', method: 'mlx' });
    expect(firing.annotations.summary).toMatch(/^Dataset drift \(mlx method\) on /);
    const value = await api<{ result: { value: [number, string] }[] }>('query?query=mlx_dataset_drift');
    expect(Number(value.result[0]?.value[1])).toBe(1);
  }, 90_000);
});
