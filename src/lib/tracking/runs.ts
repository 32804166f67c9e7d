import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { findRun, listRunRecords, RUN_FILES, type RunRecord } from './run-dir.js';

interface Ctx {
  root: string;
  config: Pick<MlxConfig, 'paths'>;
}

const runsDir = ({ root, config }: Ctx) => projectPath(root, config.paths.runs);

/** All runs, newest first. */
export function listRuns(ctx: Ctx): RunRecord[] {
  return listRunRecords(runsDir(ctx));
}

export interface RunDetails {
  record: RunRecord;
  dir: string;
  history: Record<string, number>[];
  config: string;
  /** The metrics.json of the run's bundle (feature importance, forest size), null when it has none. */
  bundleMetrics: Record<string, unknown> | null;
}

/** One run: its record, per-epoch history and resolved config. */
export function showRun(ctx: Ctx, id: string): RunDetails {
  const { dir, record } = findRun(runsDir(ctx), id);
  const historyFile = path.join(dir, RUN_FILES.history);
  const bundleMetrics = path.join(dir, RUN_FILES.bundle, 'metrics.json');
  return {
    record,
    dir,
    history: existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, number>[]) : [],
    config: readFileSync(path.join(dir, RUN_FILES.config), 'utf8'),
    bundleMetrics: existsSync(bundleMetrics)
      ? (JSON.parse(readFileSync(bundleMetrics, 'utf8')) as Record<string, unknown>)
      : null,
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
