import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import { findRun, listRunRecords, RUN_FILES, type RunRecord } from './run-dir.js';
import { textTable } from './text-table.js';

interface Ctx {
  root: string;
  config: Pick<MlxConfig, 'paths'>;
}

const runsDir = ({ root, config }: Ctx) => path.resolve(root, config.paths.runs);

/** All runs, newest first. */
export function listRuns(ctx: Ctx): RunRecord[] {
  return listRunRecords(runsDir(ctx));
}

export interface RunDetails {
  record: RunRecord;
  dir: string;
  history: Record<string, number>[];
  config: string;
}

/** One run: its record, per-epoch history and resolved config. */
export function showRun(ctx: Ctx, id: string): RunDetails {
  const { dir, record } = findRun(runsDir(ctx), id);
  const historyFile = path.join(dir, RUN_FILES.history);
  return {
    record,
    dir,
    history: existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, number>[]) : [],
    config: readFileSync(path.join(dir, RUN_FILES.config), 'utf8'),
  };
}

export interface RunComparison {
  a: string;
  b: string;
  params: { key: string; a: unknown; b: unknown }[];
  metrics: { key: string; a: number | null; b: number | null; delta: number | null }[];
}

/** Parameters that differ, and every metric with its delta (b − a). */
export function compareRuns(ctx: Ctx, idA: string, idB: string): RunComparison {
  const a = findRun(runsDir(ctx), idA).record;
  const b = findRun(runsDir(ctx), idB).record;
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const params = keys
    .filter((k) => JSON.stringify(a.params[k]) !== JSON.stringify(b.params[k]))
    .map((k) => ({ key: k, a: a.params[k] ?? null, b: b.params[k] ?? null }));
  const metricKeys = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].filter(
    (k) => !k.startsWith('baseline_'),
  );
  const metrics = metricKeys.map((k) => {
    const va = a.metrics[k] ?? null;
    const vb = b.metrics[k] ?? null;
    return { key: k, a: va, b: vb, delta: va === null || vb === null ? null : vb - va };
  });
  return { a: a.id, b: b.id, params, metrics };
}

const KEY_PARAMS = ['model.type', 'model.hidden', 'train.lr', 'train.optimizer', 'train.batch_size'];

/** The headline metric of a run: validation accuracy or RMSE. */
export function headline(record: RunRecord): [string, number | null] {
  const key = 'val_accuracy' in record.metrics ? 'val_accuracy' : 'val_rmse';
  return [key, record.metrics[key] ?? null];
}

export function renderRunList(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'No runs yet: train one with `mlx train`.';
  const rows = runs.map((r) => {
    const [, value] = headline(r);
    const test = r.metrics.test_accuracy ?? r.metrics.test_rmse ?? null;
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
  return textTable(['id', 'started (UTC)', 'status', ...KEY_PARAMS, metric, testMetric, 'version'], rows);
}

export function renderRunDetails(d: RunDetails): string {
  const r = d.record;
  return [
    `run ${r.id} (${r.status})${r.model ? ` → ${r.model.name} v${r.model.version}` : ''}`,
    `started ${r.startedAt}, finished ${r.finishedAt ?? '-'}, backend ${r.backend ?? '-'}, ${d.history.length} epochs`,
    `data ${r.dataFingerprint.slice(0, 16)} · config ${r.configHash.slice(0, 16)} · weights ${r.weightsSha256?.slice(0, 16) ?? '-'}`,
    r.error ? `error: ${r.error}` : '',
    textTable(['param', 'value'], Object.entries(r.params)),
    textTable(
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
      ? textTable(
          ['param', 'A', 'B'],
          c.params.map((p) => [p.key, p.a, p.b]),
        )
      : 'Same parameters.',
    textTable(
      ['metric', 'A', 'B', 'B − A'],
      c.metrics.map((m) => [m.key, m.a, m.b, m.delta]),
    ),
  ].join('\n\n');
}
