import { metricForRole } from '../../lib/evaluate/metrics/index.js';
import type { RunRecord } from '../../lib/tracking/run-dir.js';
import type { RunComparison, RunDetails } from '../../lib/tracking/runs.js';
import { table } from './table.js';

const KEY_PARAMS = ['model.type', 'model.hidden', 'train.lr', 'train.optimizer', 'train.batch_size'];

/** The headline metric of a run: the validation leaderboard metric of its task (accuracy, RMSE). */
export function headline(record: RunRecord): [string, number | null] {
  const classification = `val_${metricForRole('classification', 'leaderboard').name}`;
  const key =
    classification in record.metrics ? classification : `val_${metricForRole('regression', 'leaderboard').name}`;
  return [key, record.metrics[key] ?? null];
}

export function renderRunList(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'No runs yet: train one with `mlx train`.';
  const rows = runs.map((r) => {
    const [, value] = headline(r);
    const test = r.metrics[headline(r)[0].replace('val_', 'test_')] ?? null;
    return [
      r.id,
      r.startedAt.slice(0, 19).replace('T', ' '),
      r.status,
      ...KEY_PARAMS.map((k) => r.params[k]),
      value,
      test,
      r.model?.version ?? null,
    ];
  });
  const metric = runs[0] ? headline(runs[0])[0] : 'val';
  const testMetric = metric.replace('val_', 'test_');
  return table(['id', 'started (UTC)', 'status', ...KEY_PARAMS, metric, testMetric, 'version'], rows);
}

export function renderRunDetails(d: RunDetails): string {
  const r = d.record;
  return [
    `run ${r.id} (${r.status})${r.model ? ` → ${r.model.name} v${r.model.version}` : ''}`,
    `started ${r.startedAt}, finished ${r.finishedAt ?? '-'}, backend ${r.backend ?? '-'}, ${d.history.length} epochs`,
    `data ${r.dataFingerprint.slice(0, 16)} · config ${r.configHash.slice(0, 16)} · weights ${r.weightsSha256?.slice(0, 16) ?? '-'}`,
    r.error ? `error: ${r.error}` : '',
    table(['param', 'value'], Object.entries(r.params)),
    table(
      ['metric', 'value'],
      Object.entries(r.metrics).filter(([k]) => !k.startsWith('baseline_')),
    ),
    `dir: ${d.dir}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function renderComparison(c: RunComparison): string {
  return [
    `A = ${c.a}\nB = ${c.b}`,
    c.params.length
      ? table(
          ['param', 'A', 'B'],
          c.params.map((p) => [p.key, p.a, p.b]),
        )
      : 'Same parameters.',
    table(
      ['metric', 'A', 'B', 'B − A'],
      c.metrics.map((m) => [m.key, m.a, m.b, m.delta]),
    ),
  ].join('\n\n');
}
