// e2e: the built `mlx drift` on a trained penguins model — files and the prediction store as inputs,
// exit codes, reports, the README loop (serve → simulate → drift) and the retraining trigger.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { cleanEnv, startServe, trainedProject } from '../integration/helpers.js';

let project: string;
const mlx = (args: string[]) => runMlx(args, { cwd: project, env: cleanEnv() });

beforeAll(() => {
  project = trainedProject('mlx-drift-e2e-');
  const bundle = path.join(project, 'models', 'penguins', 'v1', 'reference.ndjson');
  const rows = readFileSync(bundle, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const shifted = rows.map((r) => ({
    ...r,
    bill_length_mm: typeof r.bill_length_mm === 'number' ? r.bill_length_mm * 1.3 : null,
    flipper_length_mm: typeof r.flipper_length_mm === 'number' ? r.flipper_length_mm + 20 : null,
    island: r.island === 'Torgersen' ? 'Dream' : r.island,
  }));
  writeFileSync(path.join(project, 'same.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n'));
  writeFileSync(path.join(project, 'shifted.ndjson'), shifted.map((r) => JSON.stringify(r)).join('\n'));
}, 180_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('mlx drift (built binary)', () => {
  it('finds no drift in the reference itself and writes the HTML + JSON report', () => {
    const r = mlx(['drift', '--current', 'same.ndjson', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      status: 'ok',
      method: 'mlx',
      datasetDrift: false,
      driftedColumns: 0,
      evaluatedColumns: 6,
    });
    expect(result.columns.map((c: { test: string }) => c.test)).toEqual([
      'chi2_contingency',
      'ks',
      'ks',
      'ks',
      'ks',
      'chi2_contingency',
    ]);
    const evidently = JSON.parse(
      mlx(['drift', '--current', 'same.ndjson', '--set', 'method=evidently', '--json']).stdout,
    );
    expect(evidently).toMatchObject({ method: 'evidently', datasetDrift: false, driftedColumns: 0 });
    expect(evidently.columns.map((c: { test: string }) => c.test)).toEqual(['chisquare', 'ks', 'ks', 'ks', 'ks', 'z']);
    expect(result.prediction).toMatchObject({ role: 'prediction', drifted: false });
    expect(readFileSync(path.join(project, 'reports', 'drift', 'latest.html'), 'utf8')).toContain('No dataset drift');
    expect(existsSync(result.report.json)).toBe(true);
  });

  it('exits 5 with --fail-on-drift when the inputs shifted, after printing the table', () => {
    const r = mlx(['drift', '--current', 'shifted.ndjson', '--fail-on-drift']);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/^Dataset drift detected: 3 of 6 columns drifted/);
    // mlx: the corrected p-value, the effect size, the raw p cut-off Benjamini–Hochberg came to
    // (3 of 6 rejected: 0.05 · 3/6) and the effect floor
    expect(r.stdout).toMatch(/bill_length_mm\s+K-S p-value\s+\S+\s+\S+\s+W \d\.\d{4}\s+≤ 0.025 & effect ≥ 0.1\s+DRIFT/);
    const evidently = mlx(['drift', '--current', 'shifted.ndjson', '--set', 'method=evidently', '--fail-on-drift']);
    expect(evidently.code).toBe(5);
    expect(evidently.stdout).toMatch(/^Dataset drift detected: 3 of 6 columns drifted/);
    expect(evidently.stdout).toMatch(/bill_length_mm\s+K-S p-value\s+\S+\s+≤ 0.05\s+DRIFT/);
    expect(r.stderr).toContain('Error: Dataset drift detected');
    const json = mlx(['drift', '--current', 'shifted.ndjson', '--fail-on-drift', '--json']);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'MLX_DRIFT_DETECTED', exitCode: 5 });
  });

  it('compares two files without a model, inferring column types', () => {
    const r = mlx([
      'drift',
      '--reference',
      'same.ndjson',
      '--current',
      'shifted.ndjson',
      '--set',
      'report=false',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: null, prediction: null, datasetDrift: true, report: null });
  });

  it('reports insufficient data when nothing was served yet, and rejects a bad window', () => {
    const r = mlx(['drift', '--since', '24h', '--fail-on-drift']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Insufficient data: no prediction store at .*predictions\.sqlite/);
    const bad = mlx(['drift', '--since', 'last tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since 'last tuesday' is neither a duration nor an ISO time");
  });

  it('README loop: serve → unshifted traffic → no drift; shifted traffic → drift', async () => {
    const serve = await startServe(project, []);
    try {
      const sim = (extra: string[]) => mlx(['simulate', '--url', serve.value, '--rows', '300', ...extra]);
      expect(sim([]).code).toBe(0);
      const calm = mlx(['drift', '--since', '1h', '--fail-on-drift', '--json']);
      expect(calm.code, calm.stdout).toBe(0);
      expect(JSON.parse(calm.stdout)).toMatchObject({ currentRows: 300, datasetDrift: false });
      const mark = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      const shifted = sim([
        '--scale',
        'bill_length_mm=1.3',
        '--add',
        'flipper_length_mm=20',
        '--category',
        'island=Dream:0.8',
      ]);
      expect(shifted.stdout).toContain('300 accepted');
      const found = mlx(['drift', '--since', mark, '--fail-on-drift']);
      expect(found.code, found.stdout + found.stderr).toBe(5);
      expect(found.stdout).toMatch(/reference rows: \d+, current rows: 300/);
    } finally {
      await serve.stop();
    }
  }, 120_000);

  it('retraining trigger with action=pipeline runs prepare → train → evaluate and compares the candidate', () => {
    const r = mlx([
      'drift',
      '--current',
      'shifted.ndjson',
      '--set',
      'retrain.action=pipeline',
      '--set',
      'retrain.min_rows=10',
      '--promote-if-better',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { retrain } = JSON.parse(r.stdout);
    expect(retrain).toMatchObject({ triggered: true, action: 'pipeline', outcome: { ok: true } });
    expect(retrain.outcome.summary).toMatch(/^candidate models\/penguins\/v2: macro_f1 /);
  }, 120_000);
});
