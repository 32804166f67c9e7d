import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderDriftRun, renderDriftTable } from '../../../src/cli/render/drift.js';
import { computeDrift, rowsSource } from '../../../src/lib/drift/compute.js';
import { renderDriftHtml } from '../../../src/lib/drift/report/html.js';
import { writeDriftReport } from '../../../src/lib/drift/report/write.js';

const features = [
  { name: 'size', type: 'numeric' as const, required: true, min: null, max: null, allowed: null },
  { name: 'kind', type: 'categorical' as const, required: true, min: null, max: null, allowed: null },
];
const reference = Array.from({ length: 200 }, (_, i) => ({ size: i % 50, kind: i % 3 ? 'a' : '<b>' }));
const current = Array.from({ length: 100 }, (_, i) => ({ size: (i % 50) + 30, kind: i % 3 ? 'a' : '<b>' }));
const result = computeDrift({
  reference: rowsSource(reference),
  current: rowsSource(current),
  schema: { features },
  config: { method: 'evidently', min_samples: 10, share: 0.5, columns: {} },
  model: { name: 'demo', version: '2' },
  now: new Date('2026-11-27T10:00:00Z'),
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('drift report', () => {
  it('renders the terminal table', () => {
    expect(renderDriftTable(result)).toBe(
      [
        'Dataset drift detected: 1 of 2 columns drifted (share 0.50, threshold 0.5).',
        'reference rows: 200, current rows: 100',
        '',
        'column  test            statistic  threshold  drifted  psi     missing',
        'size    K-S p-value     8.85e-23   ≤ 0.05     DRIFT    7.4109  0.0%',
        'kind    Z-test p-value  0.9312     < 0.05     ok       0.0001  0.0%',
      ].join('\n'),
    );
  });

  it('renders a self-contained HTML page with one escaped SVG chart per column', () => {
    const html = renderDriftHtml(result);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Dataset drift detected: 1 of 2 columns drifted');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('&#60;b&#62;');
    expect(html).not.toContain('<b>');
  });

  it('writes timestamped and latest HTML + JSON files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-report-'));
    dirs.push(dir);
    const written = writeDriftReport(path.join(dir, 'drift'), result);
    expect(path.basename(written.html)).toBe('drift-2026-11-27T10-00-00-000Z.html');
    expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(existsSync(path.join(dir, 'drift', 'latest.html'))).toBe(true);
  });

  it('never writes over a report of the same millisecond: the second is drift-<time>-2; latest is the last', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-report-'));
    dirs.push(dir);
    const first = writeDriftReport(path.join(dir, 'drift'), result);
    const other = { ...result, model: { name: 'demo', version: '3' } };
    const second = writeDriftReport(path.join(dir, 'drift'), other);
    expect(path.basename(second.html)).toBe('drift-2026-11-27T10-00-00-000Z-2.html');
    expect(path.basename(second.json)).toBe('drift-2026-11-27T10-00-00-000Z-2.json');
    expect(JSON.parse(readFileSync(first.json, 'utf8')).model.version).toBe('2');
    expect(JSON.parse(readFileSync(second.json, 'utf8')).model.version).toBe('3');
    expect(JSON.parse(readFileSync(path.join(dir, 'drift', 'latest.json'), 'utf8')).model.version).toBe('3');
    expect(readdirSync(path.join(dir, 'drift')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('adds the report path and the retraining decision', () => {
    const text = renderDriftRun({
      ...result,
      report: { html: '/r/drift.html', json: '/r/drift.json' },
      retrain: {
        triggered: true,
        reason: 'dataset drift',
        action: 'pipeline',
        outcome: { ok: true, summary: 'v2 better' },
      },
    });
    expect(text.split('\n').slice(-4)).toEqual([
      '',
      'report: /r/drift.html',
      'retraining: dataset drift (action: pipeline)',
      'retraining result: v2 better',
    ]);
  });

  it('says why nothing was computed', () => {
    const empty = computeDrift({
      reference: rowsSource(reference),
      current: rowsSource([]),
      schema: { features },
      config: { min_samples: 10, share: 0.5, columns: {} },
    });
    expect(renderDriftTable(empty)).toBe('Insufficient data: 0 current rows, drift.min_samples is 10.');
    expect(renderDriftHtml(empty)).toContain('Insufficient data');
  });

  it('says which method decided: mlx shows corrected p-values, effect sizes and what the alarm rate means', () => {
    // Given the same data decided by the default mlx method
    const mlx = computeDrift({
      reference: rowsSource(reference),
      current: rowsSource(current),
      schema: { features },
      config: { min_samples: 10, share: 0.5, columns: {} },
      now: new Date('2026-11-27T10:00:00Z'),
    });
    // Then the HTML names the method, the correction and the floors, and explains the guarantee
    const html = renderDriftHtml(mlx);
    expect(html).toContain('<th>corrected p</th><th>effect size</th>');
    expect(html).toContain(
      'mlx (Benjamini–Hochberg at 0.05; effect-size floors: normed Wasserstein 0.1, Jensen–Shannon 0.1)',
    );
    expect(html).toContain('a dataset alarm is raised at most 5 % of the time');
    expect(html).toContain('<th>drifted columns</th><td>1 of 2 (dataset drift when any column drifts)</td>');
    expect(html).toMatch(/normed Wasserstein \d\.\d{4} \(floor 0\.1\)/);
    // and the terminal table shows the corrected p-value, the effect size and both criteria
    // (BH's raw cut-off: 1 of 2 rejected → 0.05 · 1/2)
    const lines = renderDriftTable(mlx).split('\n');
    expect(lines.find((l) => l.startsWith('column'))).toMatch(
      /^column\s+test\s+statistic\s+adj\. p\s+effect\s+threshold\s+drifted\s+psi\s+missing$/,
    );
    const size = lines.find((l) => l.startsWith('size'));
    expect(size).toMatch(/^size\s+K-S p-value\s+\S+\s+\S+\s+W \d\.\d{4}\s+≤ 0\.025 & effect ≥ 0\.1\s+DRIFT/);
    const kind = lines.find((l) => l.startsWith('kind'));
    // (BH leaves the largest p-value as it is)
    expect(kind).toMatch(/^kind\s+chi-square homogeneity p-value\s+(\d\.\d{4})\s+\1\s+JS \d\.\d{4}\s/);
    // while the Evidently report keeps its columns and names its method
    expect(renderDriftHtml(result)).toContain('evidently (Evidently&#39;s defaults; dataset drift at share ≥ 0.5)');
    expect(renderDriftHtml(result)).not.toContain('corrected p');
  });

  it('reports the multivariate test in the table, the HTML and the verdict', () => {
    // Given a multivariate statistic joined to the mlx decision
    const mv = computeDrift({
      reference: rowsSource(reference),
      current: rowsSource(reference.slice(0, 100)),
      schema: { features },
      config: { min_samples: 10, share: 0.5, columns: {} },
      multivariate: {
        test: 'domain_classifier',
        model: 'gbdt',
        auc: 0.71,
        foldAuc: [0.7, 0.72],
        pValue: 0.001,
        permutations: 1999,
        rows: { reference: 200, current: 100 },
        features: 2,
      },
      now: new Date('2026-11-27T10:00:00Z'),
    });
    // Then it is corrected with the 2 columns (BH over 3 p-values), drifts, and makes dataset drift
    expect(mv.multivariate?.pValueAdjusted).toBeCloseTo(0.003, 12);
    expect(mv.multivariate?.drifted).toBe(true);
    expect(mv.driftedColumns).toBe(0);
    expect(mv.datasetDrift).toBe(true);
    expect(mv.message).toBe(
      'Dataset drift detected: 0 of 2 columns drifted; multivariate test drifted (AUC 0.710) (Benjamini–Hochberg-corrected p ≤ 0.05 and effect size ≥ floor).',
    );
    expect(renderDriftTable(mv).split('\n').at(-1)).toBe(
      'multivariate: domain classifier (gbdt, 2 features, 200 / 100 rows, 2-fold): AUC 0.710, permutation p 0.0010 (1999 permutations a fold), corrected p 0.0030: drift',
    );
    const html = renderDriftHtml(mv);
    expect(html).toContain('<h2>Multivariate test</h2>');
    expect(html).toContain('the 3 p-values are corrected together');
  });
});
