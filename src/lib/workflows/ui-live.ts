/** `mlx ui`: the live page (prediction store + a running `mlx serve`) and the predict form's model. */
import type { InputSchema, StoredPrediction } from '../contracts.js';
import { createPredictor } from '../model/index.js';
import { openPredictionReader, type PredictionReader } from '../prediction-store/index.js';
import { createServedModel, type ServedModel, storeTarget } from '../serving/index.js';
import { resolveModelRef } from '../tracking/refs.js';
import type { UiProject } from './ui.js';

export interface LiveOptions {
  /** A running `mlx serve` (its /metrics give error rate and drift gauges). */
  serveUrl?: string | null;
  /** Bearer token for that server (`serve.auth.token_env`), never shown. */
  serveToken?: string | null;
  now?: number;
  /** Minutes of history for the predictions-per-minute chart. */
  minutes?: number;
}

export interface LiveView {
  store: string | null;
  serveUrl: string | null;
  /** Predictions per minute, oldest first, over the last `minutes`. */
  perMinute: { at: number; count: number }[];
  latencyMs: { p50: number; p90: number; p99: number; n: number } | null;
  /** Share of prediction requests answered 4xx / 5xx since the server started (from its /metrics). */
  errors: { requests: number; client: number; server: number } | null;
  recent: StoredPrediction[];
  drift: { share: number | null; features: { feature: string; drifted: boolean }[] } | null;
  problems: string[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** Samples of a Prometheus text exposition: `name{labels} value` lines. */
export function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

async function fromStore(reader: PredictionReader, now: number, minutes: number, view: LiveView): Promise<void> {
  try {
    const start = now - minutes * 60_000;
    view.perMinute = await Promise.all(
      Array.from({ length: minutes }, async (_, i) => {
        const at = start + i * 60_000;
        return { at, count: await reader.count({ since: at, until: at + 60_000 }) };
      }),
    );
    // Latency quantiles over the last five minutes (bounded: a busy server logs many rows).
    const recent = await reader.query({ since: now - 5 * 60_000, until: now + 1 });
    const latencies = recent.map((p) => p.latencyMs).sort((a, b) => a - b);
    view.latencyMs = latencies.length
      ? {
          p50: quantile(latencies, 0.5),
          p90: quantile(latencies, 0.9),
          p99: quantile(latencies, 0.99),
          n: latencies.length,
        }
      : null;
    view.recent = (recent.length > 0 ? recent : await reader.query({ since: start })).slice(-20).reverse();
  } finally {
    await reader.close();
  }
}

async function fromServer(url: string, token: string | null, view: LiveView): Promise<void> {
  const response = await fetch(new URL('/metrics', url), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(3000),
  });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const samples = parsePrometheus(await response.text());
  const posts = samples.filter((s) => s.name === 'mlx_http_requests_total' && s.labels.method === 'POST');
  const sum = (pred: (status: number) => boolean) =>
    posts.filter((s) => pred(Number(s.labels.status))).reduce((a, s) => a + s.value, 0);
  view.errors = { requests: sum(() => true), client: sum((s) => s >= 400 && s < 500), server: sum((s) => s >= 500) };
  const share = samples.find((s) => s.name === 'mlx_drift_share');
  const features = samples
    .filter((s) => s.name === 'mlx_feature_drift' && s.labels.feature !== undefined)
    .map((s) => ({ feature: s.labels.feature as string, drifted: s.value === 1 }));
  view.drift =
    share || features.length > 0
      ? { share: share && Number.isFinite(share.value) ? share.value : null, features }
      : null;
}

/** Predictions per minute, latency quantiles and recent rows (store); error rate and drift gauges (server). */
export async function liveView(project: UiProject, options: LiveOptions = {}): Promise<LiveView> {
  const now = options.now ?? Date.now();
  const minutes = options.minutes ?? 60;
  const target = storeTarget(project.config.serve, project.root);
  const view: LiveView = {
    store: target?.location ?? null,
    serveUrl: options.serveUrl ?? null,
    perMinute: [],
    latencyMs: null,
    errors: null,
    recent: [],
    drift: null,
    problems: [],
  };
  if (target) {
    try {
      const reader = await openPredictionReader(target, { missingOk: true });
      if (reader) await fromStore(reader, now, minutes, view);
      else view.problems.push(`no prediction store yet at ${project.config.serve.store_path}`);
    } catch (error) {
      view.problems.push(`the prediction store cannot be read: ${(error as Error).message}`);
    }
  }
  if (options.serveUrl) {
    try {
      await fromServer(options.serveUrl, options.serveToken ?? null, view);
    } catch (error) {
      view.problems.push(`${options.serveUrl} is not reachable: ${(error as Error).message}`);
    }
  }
  return view;
}

/** A model loaded for the predict form: the same validation and Predictor as `POST /v1/predict`. */
export interface PredictModel {
  dir: string;
  served: ServedModel;
  schema: InputSchema;
  dispose(): void;
}

/** Resolves a model REF (as `mlx serve --model`) and builds its served model with the serve config. */
export async function loadPredictModel(project: UiProject, ref: string): Promise<PredictModel> {
  const dir = await resolveModelRef(ref, project);
  const predictor = await createPredictor(dir, { backend: project.config.train.backend });
  const served = createServedModel(predictor, { ...project.config.serve, micro_batch: false });
  return { dir, served, schema: predictor.schema, dispose: () => predictor.dispose() };
}

/** The bundle directory a REF points at now (an alias may move while the UI runs). */
export function resolvePredictRef(project: UiProject, ref: string): Promise<string> {
  return resolveModelRef(ref, project);
}
