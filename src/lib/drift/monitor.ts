import { Gauge, type Registry } from 'prom-client';
import type { DriftConfig } from '../config/sections/drift.js';
import type { InputSchema, Prediction, Row, StoredPrediction } from '../contracts.js';
import type { Logger } from '../logging.js';
import { parseTimeWindow } from '../time-window.js';
import { type ColumnSource, computeDrift, rowsSource } from './compute.js';
import type { MultivariateStatistic } from './methods/mlx.js';
import type { DriftResult } from './types.js';

export interface DriftMonitorOptions {
  reference: readonly Row[];
  schema: Pick<InputSchema, 'features'>;
  config: DriftConfig;
  /** Stored predictions of the served model in [since, until) (the store may be a remote database). */
  query: (q: { since: number; until: number; modelName: string }) => Promise<StoredPrediction[]>;
  model: { name: string; version: string | null };
  /** The model's outputs on the reference (computed once, on the first check) for prediction drift. */
  referenceOutputs?: () => Prediction[];
  /** The multivariate test (drift.multivariate), injected: it trains a model, which drift does not do itself. */
  multivariate?: (
    reference: ColumnSource,
    current: ColumnSource,
  ) => Promise<MultivariateStatistic | string | undefined>;
  registry?: Registry;
  logger?: Logger;
  /** How long a result for the same window is reused (GET /v1/drift is computed on demand). */
  cacheMs?: number;
  now?: () => number;
}

export interface DriftWindowQuery {
  since?: string | undefined;
  until?: string | undefined;
}

/** Drift as a service: on-demand checks (cached) and a periodic check that sets Prometheus gauges. */
export interface DriftMonitor {
  /** Drift of the window (default `drift.since` until now); `fresh` skips the cache. */
  check(window?: DriftWindowQuery, fresh?: boolean): Promise<DriftResult & { cached: boolean }>;
  start(intervalSeconds: number): void;
  stop(): void;
}

/**
 * Creates the in-server drift monitor and registers `mlx_dataset_drift{method}`, `mlx_drift_share` and
 * `mlx_feature_drift{feature}` (with scores, rows and the check time).
 */
export function createDriftMonitor(options: DriftMonitorOptions): DriftMonitor {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 30_000;
  const registers = options.registry ? [options.registry] : [];
  const dataset = new Gauge({
    name: 'mlx_dataset_drift',
    help: 'Whether the last in-server drift check found dataset drift under the configured drift.method (1 = drift, NaN: insufficient data).',
    labelNames: ['method'],
    registers,
  });
  const share = new Gauge({
    name: 'mlx_drift_share',
    help: 'Share of features drifted in the last in-server drift check (NaN: insufficient data).',
    registers,
  });
  const feature = new Gauge({
    name: 'mlx_feature_drift',
    help: 'Whether a feature drifted in the last in-server drift check (1 = drifted).',
    labelNames: ['feature'],
    registers,
  });
  const score = new Gauge({
    name: 'mlx_feature_drift_score',
    help: 'Drift score of a feature in the last check: p-value (ks, chisquare, z) or distance.',
    labelNames: ['feature', 'test'],
    registers,
  });
  const rows = new Gauge({ name: 'mlx_drift_current_rows', help: 'Current rows in the last drift check.', registers });
  const checkedAt = new Gauge({
    name: 'mlx_drift_last_check_timestamp_seconds',
    help: 'Unix time of the last in-server drift check.',
    registers,
  });
  let referenceOutputs: Prediction[] | null | undefined;
  const cache = new Map<string, { at: number; result: DriftResult }>();
  let timer: NodeJS.Timeout | undefined;

  const compute = async (since: number, until: number, labels: DriftResult['window']): Promise<DriftResult> => {
    const stored = await options.query({ since, until, modelName: options.model.name });
    if (referenceOutputs === undefined) {
      try {
        referenceOutputs = options.referenceOutputs?.() ?? null;
      } catch (error) {
        options.logger?.warn('prediction drift disabled: the model could not predict the reference', {
          error: (error as Error).message,
        });
        referenceOutputs = null;
      }
    }
    const value = (p: Prediction) => ('label' in p ? p.label : p.value);
    const first = referenceOutputs?.[0];
    const reference = rowsSource(options.reference);
    const current = rowsSource(stored.map((s) => s.inputs));
    return computeDrift({
      reference,
      current,
      multivariate: await options.multivariate?.(reference, current),
      schema: options.schema,
      config: options.config,
      predictions:
        referenceOutputs && first
          ? {
              reference: referenceOutputs.map(value),
              current: stored.map((s) => value(s.outputs)),
              kind: 'value' in first ? 'numeric' : 'categorical',
            }
          : undefined,
      model: options.model,
      window: labels,
      now: new Date(now()),
    });
  };

  const publish = (result: DriftResult) => {
    const ok = result.status === 'ok';
    dataset.set({ method: result.method }, ok ? (result.datasetDrift ? 1 : 0) : Number.NaN);
    share.set(ok ? result.driftShare : Number.NaN);
    rows.set(result.currentRows);
    checkedAt.set(now() / 1000);
    for (const c of result.columns) {
      feature.set({ feature: c.column }, c.drifted ? 1 : 0);
      score.set({ feature: c.column, test: c.test }, c.score);
    }
  };

  const check = async (window: DriftWindowQuery = {}, fresh = false) => {
    const since = window.since ?? options.config.since;
    const key = `${since}|${window.until ?? ''}`;
    const hit = cache.get(key);
    if (hit && !fresh && now() - hit.at < cacheMs) return { ...hit.result, cached: true };
    const w = parseTimeWindow(since, window.until, now(), { since: 'since', until: 'until' });
    const result = await compute(w.since, w.until, {
      since: new Date(w.since).toISOString(),
      until: new Date(w.until).toISOString(),
    });
    cache.set(key, { at: now(), result });
    if (cache.size > 32) cache.delete(cache.keys().next().value as string);
    return { ...result, cached: false };
  };

  return {
    check,
    start(intervalSeconds) {
      if (timer || intervalSeconds <= 0) return;
      const tick = async () => {
        try {
          const result = await check({}, true);
          publish(result);
          options.logger?.info('drift check', {
            status: result.status,
            drift_share: result.driftShare,
            current_rows: result.currentRows,
          });
        } catch (error) {
          options.logger?.error('drift check failed', { error: (error as Error).message });
        }
      };
      void tick();
      timer = setInterval(() => void tick(), intervalSeconds * 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
