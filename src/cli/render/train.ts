import type { PipelineResult } from '../../lib/workflows/pipeline.js';
import type { TrainJobsResult } from '../../lib/workflows/train.js';
import { table } from './table.js';

/** Human summary: one run's metrics, or the sweep leaderboard. */
export function renderTrainResult(result: Pick<TrainJobsResult, 'runs' | 'metric' | 'leaderboard'>): string {
  if (result.runs.length === 1 && result.runs[0]) {
    const r = result.runs[0];
    const shown = Object.entries(r.metrics).filter(([k]) =>
      /^(val|test|baseline_test)_(accuracy|macro_f1|roc_auc|rmse|mae|r2)$/.test(k),
    );
    return [
      `run ${r.runId} → ${r.model.name} v${r.model.version} (${r.epochs} epochs, best ${r.bestEpoch}${r.stoppedEarly ? ', stopped early' : ''}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.backend})`,
      table(['metric', 'value'], shown),
      `bundle: ${r.bundleDir}`,
    ].join('\n');
  }
  return [
    `Leaderboard by ${result.metric}:`,
    table(
      ['rank', 'run', 'version', result.metric, 'overrides'],
      result.leaderboard.map((r) => [r.rank, r.runId, r.version, r.value, r.label]),
    ),
  ].join('\n');
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
