import {
  effectShort,
  formatScore,
  multivariateText,
  TEST_LABELS,
  thresholdText,
} from '../../lib/drift/report/format.js';
import type { ColumnDrift, DriftResult } from '../../lib/drift/types.js';
import type { DriftRunResult } from '../../lib/workflows/drift.js';
import { table } from './table.js';

function row(c: ColumnDrift, mlx: boolean): string[] {
  const corrected = mlx ? [c.pValueAdjusted === null ? '—' : formatScore(c.pValueAdjusted), effectShort(c)] : [];
  return [
    c.column,
    TEST_LABELS[c.test],
    formatScore(c.score),
    ...corrected,
    thresholdText(c),
    c.drifted ? 'DRIFT' : 'ok',
    formatScore(c.psi),
    `${(c.current.missingShare * 100).toFixed(1)}%`,
  ];
}

/**
 * The terminal table: column, test, statistic, (mlx: corrected p-value "adj. p" and effect size,
 * W = normed Wasserstein, JS = Jensen–Shannon), threshold, drifted, PSI, missing share; then the
 * multivariate test's line.
 */
export function renderDriftTable(result: DriftResult): string {
  const lines = [result.message];
  if (result.status !== 'ok') return lines.join('\n');
  lines.push(`reference rows: ${result.referenceRows}, current rows: ${result.currentRows}`, '');
  const mlx = result.method === 'mlx';
  const header = [
    'column',
    'test',
    'statistic',
    ...(mlx ? ['adj. p', 'effect'] : []),
    'threshold',
    'drifted',
    'psi',
    'missing',
  ];
  const body = result.columns.map((c) => row(c, mlx));
  if (result.prediction) body.push(row({ ...result.prediction, column: '(prediction)' }, mlx));
  lines.push(table(header, body, { rule: false }));
  if (result.multivariate) lines.push(`multivariate: ${multivariateText(result.multivariate)}`);
  for (const s of result.skipped) lines.push(`skipped ${s.column}: ${s.reason}`);
  return lines.join('\n');
}

/** The table plus where the report went and what the retraining rule decided. */
export function renderDriftRun(run: DriftRunResult): string {
  const lines = [renderDriftTable(run)];
  if (run.report) lines.push('', `report: ${run.report.html}`);
  if (run.retrain.triggered) lines.push(`retraining: ${run.retrain.reason} (action: ${run.retrain.action})`);
  if (run.retrain.outcome) lines.push(`retraining result: ${run.retrain.outcome.summary}`);
  return lines.join('\n');
}
