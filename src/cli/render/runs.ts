import { metricForRole } from '../../lib/evaluate/metrics/index.js';
import { type ModelFacts, modelFacts } from '../../lib/evaluate/model-facts.js';
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
  const facts = modelFacts(d.bundleMetrics ?? {});
  return [
    `run ${r.id} (${r.status})${r.model ? ` → ${r.model.name} v${r.model.version}` : ''}`,
    `started ${r.startedAt}, finished ${r.finishedAt ?? '-'}, backend ${r.backend ?? '-'}, ${d.history.length} ${facts.forest ? 'boosting iterations' : 'epochs'}`,
    `data ${r.dataFingerprint.slice(0, 16)} · config ${r.configHash.slice(0, 16)} · weights ${r.weightsSha256?.slice(0, 16) ?? '-'}`,
    r.error ? `error: ${r.error}` : '',
    table(['param', 'value'], Object.entries(r.params)),
    table(
      ['metric', 'value'],
      Object.entries(r.metrics).filter(([k]) => !k.startsWith('baseline_')),
    ),
    renderFacts(facts),
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

/** The forest's size and the feature importances of a run's model (empty when its bundle has none). */
export function renderFacts(facts: ModelFacts): string {
  const parts: string[] = [];
  const f = facts.forest;
  if (f)
    parts.push(
      `forest: ${f.trees} trees (${f.iterations} iterations, best ${f.bestIteration ?? '-'}), ${f.leaves} leaves, deepest leaf at depth ${f.maxDepth}`,
    );
  const p = facts.permutation;
  // Gain is per model column: a datetime feature's parts (`year.year`) add up to the feature.
  const gainOf = (name: string) =>
    (facts.gain ?? []).filter((g) => g.name === name || g.name.startsWith(`${name}.`)).reduce((a, g) => a + g.share, 0);
  if (p) {
    const rows = [...p.features]
      .sort((a, b) => b.mean - a.mean)
      .map((x) => [x.name, x.mean, x.std, ...(facts.gain ? [gainOf(x.name)] : [])]);
    parts.push(
      `feature importance: increase of ${p.metric} when the feature is shuffled (${p.split} split, ${p.rows} rows, ${p.repeats} shuffles)${facts.gain ? '; share of the total split gain' : ''}`,
      table(['feature', `Δ ${p.metric}`, '±', ...(facts.gain ? ['gain share'] : [])], rows),
    );
  } else if (facts.gain) {
    const rows = [...facts.gain].sort((a, b) => b.share - a.share).map((g) => [g.name, g.share, g.splits]);
    parts.push('feature importance (share of the total split gain)', table(['column', 'gain share', 'splits'], rows));
  }
  return parts.join('\n');
}
