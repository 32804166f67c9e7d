import type { PipelineResult } from '../../lib/workflows/pipeline.js';
import type { TrainJobsResult } from '../../lib/workflows/train.js';
import { table } from './table.js';

/** Human summary: one run's metrics, or the sweep leaderboard (ranked by its metric, then its tie-break). */
export function renderTrainResult(
  result: Pick<TrainJobsResult, 'runs' | 'metric' | 'tieBreak' | 'leaderboard'>,
): string {
  if (result.runs.length === 1 && result.runs[0]) {
    const r = result.runs[0];
    const shown = Object.entries(r.metrics).filter(([k]) =>
      /^(val|test|baseline_test)_(accuracy|macro_f1|roc_auc|rmse|mae|r2)$/.test(k),
    );
    const facts =
      r.registration === 'reused'
        ? 'reused: identical data and config, nothing trained; --force trains again'
        : `${r.epochs} epochs, best ${r.bestEpoch}${r.stoppedEarly ? ', stopped early' : ''}${r.converged ? '' : ', NOT converged'}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.backend}`;
    return [
      `run ${r.runId} → ${modelText(r)} (${facts})`,
      table(['metric', 'value'], shown),
      `bundle: ${r.bundleDir}`,
    ].join('\n');
  }
  const registered = result.runs.filter((r) => r.registration === 'new' || r.registration === 'identical');
  return [
    `Leaderboard by ${result.metric} (ties: ${result.tieBreak}):`,
    table(
      ['rank', 'run', 'version', result.metric, result.tieBreak, 'overrides'],
      result.leaderboard.map((r) => [r.rank, r.runId, r.version, r.value, r.tieBreak, r.label]),
    ),
    registered.length > 0
      ? `registered: ${registered.map((r) => `${r.model.name} v${r.model.version} (run ${r.runId})`).join(', ')}`
      : 'registered: none (train.register)',
  ].join('\n');
}

function modelText(r: TrainJobsResult['runs'][number]): string {
  const { name, version } = r.model;
  switch (r.registration) {
    case 'new':
      return `${name} v${version}`;
    case 'identical':
      return `${name} v${version} (no new version: same data and config; --force registers one)`;
    case 'reused':
      return version === null ? `${name} (not registered)` : `${name} v${version}`;
    case 'none':
      return `${name} (not registered)`;
    default:
      return r.registration satisfies never;
  }
}

/** Human summary of a pipeline run. */
export function renderPipeline(result: PipelineResult): string {
  const lines = result.stages.map(
    (s) =>
      `${s.skipped ? '○' : '●'} ${s.stage.padEnd(8)} ${s.skipped ? 'skipped' : `${(s.durationMs / 1000).toFixed(1)} s`}  ${s.reason}`,
  );
  const { name, version } = result.model;
  const headline = Object.entries(result.metrics)
    .filter(([k]) => /^(accuracy|macro_f1|rmse|mae|r2)$/.test(k))
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
  lines.push(`${name}${version === null ? '' : ` v${version}`} (run ${result.runId}) test: ${headline}`);
  if (result.reportFile) lines.push(`report: ${result.reportFile}`);
  return lines.join('\n');
}
