import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServeConfig } from '../config/sections/serve.js';
import type { Logger } from '../logging.js';
import type { PredictionStore } from '../prediction-store/index.js';
import type { ServingMetrics } from './metrics/serving-metrics.js';
import type { ServedModel } from './served-model.js';

/** A drift window as the query string gives it (`7d`, an ISO time). */
export interface DriftWindow {
  since?: string | undefined;
  until?: string | undefined;
}

/**
 * The drift monitor behind `GET /v1/drift` and the periodic drift gauges. The serve workflow builds it
 * (src/lib/drift) and injects it: serving knows only this shape.
 */
export interface ServingDriftMonitor {
  check(
    window?: DriftWindow,
  ): Promise<{ columns: readonly { chart?: unknown }[]; prediction: { chart?: unknown } | null }>;
  start(intervalSeconds: number): void;
  stop(): void;
}

/**
 * Everything the HTTP app needs, passed in (never imported): tests build it with a small real model,
 * `mlx serve` with the loaded bundle. Other modules extend it with optional fields for their routes.
 */
export interface ServingDeps {
  /** The served model, or null until it is loaded (`/ready` answers 503 meanwhile). */
  model: () => ServedModel | null;
  /**
   * The model that answers one prediction addressed to `model` (the canary split of `serve.canary`);
   * absent = always `model`. Called once per request, by the shared prediction path.
   */
  chooseModel?: (model: ServedModel) => ServedModel;
  /** The canary model while one is served (a protocol URL may name its version). */
  canary?: () => ServedModel | null;
  /** Where predictions are logged; null when `serve.store: none`. */
  store: PredictionStore | null;
  metrics: ServingMetrics;
  logger: Logger;
  config: ServeConfig;
  /** The bearer token every protected route requires; null/undefined = no auth. */
  authToken?: string | null;
  /** The mlx version, shown in /openapi.json. */
  version?: string;
  /** The drift monitor behind GET /v1/drift (null until the model is loaded, or without a store). */
  drift?: () => ServingDriftMonitor | null;
  /** The registry aliases (`production`, ...) that point at the served version: TF Serving's version labels. */
  modelLabels?: () => readonly string[];
  /**
   * The text of GET /metrics when it is more than this process's registry: a cluster worker's (serve.workers)
   * asks the primary for the whole cluster's. Absent = `metrics.registry`.
   */
  metricsText?: () => Promise<string>;
  /** True once a shutdown started: responses ask clients to close their connection. */
  isShuttingDown?: () => boolean;
}

/** Hono environment of the serving app: per-request variables. */
export interface ServingEnv {
  Variables: { requestId: string; body: unknown };
  /** Set by @hono/node-server; absent under `app.request()`. */
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
}
