import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPredictionStore, sqliteTarget } from '../../../src/lib/prediction-store/index.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';
import { bundleView, modelViews, runView } from '../../../src/lib/workflows/ui.js';
import { dataView, driftHistory, driftReportHtml } from '../../../src/lib/workflows/ui-data.js';
import { liveView, parsePrometheus } from '../../../src/lib/workflows/ui-live.js';
import { record, registeredRun, tempProject, writeRun, writeTestBundle } from '../ui/fixtures.js';

describe('ui workflows', () => {
  it('checks every bundle file against MANIFEST.sha256 and names a modified one', () => {
    const { root } = tempProject();
    const dir = path.join(root, 'bundle');
    writeTestBundle(dir, 'run1', 1);
    expect(bundleView(dir).problems).toEqual([]);
    writeFileSync(path.join(dir, 'schema.json'), '{}');
    const view = bundleView(dir);
    expect(view.problems).toEqual(['schema.json does not match MANIFEST.sha256 (modified after training)']);
    expect(view.files?.find((f) => f.name === 'schema.json')?.intact).toBe(false);
  });

  it('a run page model for a run id that is not a folder is null (the route answers 404)', () => {
    const project = tempProject();
    writeRun(project.root, record('20260101-000000-a'));
    expect(runView(project, '../../etc')).toBeNull();
    expect(runView(project, '..')).toBeNull();
    expect(runView(project, 'nope')).toBeNull();
    expect(runView(project, '20260101-000000-a')?.entry.record?.id).toBe('20260101-000000-a');
  });

  it('shows each alias with the version it pointed to before', async () => {
    const project = tempProject();
    await registeredRun(project.root, 'r1', 1);
    await registeredRun(project.root, 'r2', 2);
    const { setAlias } = await import('../../../src/lib/tracking/registry.js');
    const store = new FolderRegistryStore(path.join(project.root, 'models'));
    await setAlias(store, 'penguins', 'production', 1);
    await setAlias(store, 'penguins', 'production', 2);
    const [model] = await modelViews(project);
    expect(model?.aliases).toEqual([{ alias: 'production', version: 2, previous: 1 }]);
    expect(model?.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('reads the drift history: per-column statistic over time, skipping a corrupt report', () => {
    const project = tempProject();
    const dir = path.join(project.root, 'reports', 'drift');
    mkdirSync(dir, { recursive: true });
    const report = (at: string, score: number) => ({
      status: 'ok',
      message: score < 0.05 ? 'Dataset drift detected' : 'No dataset drift',
      generatedAt: at,
      columns: [{ column: 'bill_length_mm', score, drifted: score < 0.05, test: 'ks' }],
      prediction: null,
      datasetDrift: score < 0.05,
      driftShare: score < 0.05 ? 1 : 0,
      driftedColumns: score < 0.05 ? 1 : 0,
      evaluatedColumns: 1,
    });
    writeFileSync(
      path.join(dir, 'drift-2026-01-01T00-00-00-000Z.json'),
      JSON.stringify(report('2026-01-01T00:00:00Z', 0.5)),
    );
    writeFileSync(
      path.join(dir, 'drift-2026-01-02T00-00-00-000Z.json'),
      JSON.stringify(report('2026-01-02T00:00:00Z', 0.01)),
    );
    writeFileSync(path.join(dir, 'drift-2026-01-02T00-00-00-000Z.html'), '<html>report</html>');
    writeFileSync(path.join(dir, 'drift-2026-01-03T00-00-00-000Z.json'), '{ broken');
    // A second report of the same millisecond (drift-<time>-2) comes after the first
    writeFileSync(
      path.join(dir, 'drift-2026-01-02T00-00-00-000Z-2.json'),
      JSON.stringify({ ...report('2026-01-02T00:00:00Z', 0.3), message: 'second' }),
    );
    const h = driftHistory(project);
    expect(h.reports.map((r) => [r.generatedAt, r.datasetDrift, r.html !== null])).toEqual([
      ['2026-01-02T00:00:00Z', false, false],
      ['2026-01-02T00:00:00Z', true, true],
      ['2026-01-01T00:00:00Z', false, false],
    ]);
    expect(h.series.bill_length_mm?.map((p) => p.score)).toEqual([0.5, 0.01, 0.3]);
    expect(h.latest?.message).toBe('second');
    expect(h.problems[0]).toMatch(/drift-2026-01-03T00-00-00-000Z.json is not a drift report/);
    expect(driftReportHtml(project, 'drift-2026-01-02T00-00-00-000Z.html')).toContain('report');
    expect(driftReportHtml(project, '../../secret.html')).toBeNull();
  });

  it('the data page model lists what is missing in a project that was never prepared', async () => {
    const project = tempProject();
    const view = await dataView(project);
    expect(view.lock).toBeNull();
    expect(view.status?.upToDate).toBe(false);
    expect(view.problems).toEqual([
      'no column profile yet: run `mlx data prepare`',
      `the data source ${project.config.data.source} does not exist`,
    ]);
  });

  it('live: counts per minute, latency quantiles and recent rows from the store; errors and drift from /metrics', async () => {
    const project = tempProject();
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const store = await openPredictionStore(sqliteTarget(path.join(project.root, project.config.serve.store_path)));
    await store.enqueue(
      Array.from({ length: 10 }, (_, i) => ({
        ts: now - (i < 6 ? 30_000 : 150_000),
        requestId: `r${i}`,
        modelName: 'penguins',
        modelVersion: '1',
        inputs: { x: i },
        outputs: { label: 'A', probabilities: { A: 1 } },
        latencyMs: i + 1,
      })),
    );
    await store.close();
    const metrics = [
      'mlx_http_requests_total{route="/v1/predict",method="POST",status="200"} 90',
      'mlx_http_requests_total{route="/v1/predict",method="POST",status="422"} 8',
      'mlx_http_requests_total{route="/v1/predict",method="POST",status="500"} 2',
      'mlx_http_requests_total{route="/health",method="GET",status="200"} 1000',
      'mlx_drift_share 0.5',
      'mlx_feature_drift{feature="x"} 1',
      'mlx_feature_drift{feature="y"} 0',
    ].join('\n');
    const server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer s3cret') res.writeHead(401).end();
      else res.end(metrics);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const v = await liveView(project, { now, minutes: 5, serveUrl: url, serveToken: 's3cret' });
      expect(v.perMinute.map((p) => p.count)).toEqual([0, 0, 4, 0, 6]);
      expect(v.latencyMs).toEqual({ p50: 5, p90: 9, p99: 10, n: 10 });
      expect(v.recent.map((p) => p.requestId).slice(0, 3)).toEqual(['r5', 'r4', 'r3']); // newest first
      expect(v.errors).toEqual({ requests: 100, client: 8, server: 2 });
      expect(v.drift).toEqual({
        share: 0.5,
        features: [
          { feature: 'x', drifted: true },
          { feature: 'y', drifted: false },
        ],
      });
      const denied = await liveView(project, { now, serveUrl: url, serveToken: null });
      expect(denied.problems).toEqual([`${url} is not reachable: GET /metrics answered 401`]);
    } finally {
      server.close();
    }
  });

  it('parses the Prometheus text format (labels with escapes, comments skipped)', () => {
    expect(parsePrometheus('# HELP x\nx{a="1",b="q\\"z"} 3\ny 4.5\n')).toEqual([
      { name: 'x', labels: { a: '1', b: 'q\\"z' }, value: 3 },
      { name: 'y', labels: {}, value: 4.5 },
    ]);
  });
});
