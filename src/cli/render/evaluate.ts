import { scalarMetrics } from '../../lib/evaluate/score.js';
import type { EvaluateResult } from '../../lib/workflows/evaluate.js';
import { table } from './table.js';

/** Human summary of an evaluation: metrics vs baseline (and vs the compared model), gates, files. */
export function renderEvaluation(result: EvaluateResult): string {
  const m = scalarMetrics(result.metrics);
  const b = scalarMetrics(result.baseline);
  const deltas = result.comparison?.deltas;
  const header = ['metric', 'model', 'baseline', ...(deltas ? ['compared', 'delta'] : [])];
  const rows = Object.keys(m).map((k) => [
    k,
    m[k],
    b[k],
    ...(deltas ? [deltas[k]?.against, signed(deltas[k]?.delta)] : []),
  ]);
  const { name, version, runId } = result.model;
  const lines = [
    `${name}${version === null ? '' : ` v${version}`} (run ${runId}) on ${result.source}, ${result.metrics.n} rows`,
    table(header, rows),
  ];
  if (result.comparison) {
    const a = result.comparison.against;
    lines.push(`compared with ${a.name}${a.version === null ? '' : ` v${a.version}`} (run ${a.runId})`);
  }
  for (const g of result.gates)
    lines.push(`gate ${g.metric} ${g.value.toFixed(4)} vs ${g.threshold}: ${g.passed ? 'pass' : 'FAIL'}`);
  lines.push(`metrics: ${result.metricsFile}`);
  if (result.reportFile) lines.push(`report:  ${result.reportFile}`);
  return lines.join('\n');
}

function signed(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}
