import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServeConfig } from '../config/sections/serve.js';
import type { Predictor } from '../contracts.js';
import type { ValidationPolicy } from '../data/index.js';
import { ConfigError, InputError } from '../errors.js';
import type { Logger } from '../logging.js';
import { openPredictionStore, type PredictionStore } from '../prediction-store/index.js';
import { createApp } from './app.js';
import { answerClientError, httpTimeouts } from './client-errors.js';
import type { ServingDeps, ServingDriftMonitor } from './deps.js';
import { createServingMetrics, type ServingMetrics } from './metrics/serving-metrics.js';
import { QueuedHeadersResponse } from './middleware/response-header.js';
import { type DesiredModels, ModelHolder } from './model-holder.js';
import { createServedModel, type ServedModel } from './served-model.js';
import { storeTarget } from './store-target.js';

export interface StartServerOptions {
  config: ServeConfig;
  /** The input policy of the `inputs` config section (the one `mlx predict` applies too). */
  policy?: ValidationPolicy;
  /** Project root: `serve.store_path` and `serve.store_spill_dir` are relative to it. */
  root: string;
  logger: Logger;
  /** Loads the model; called after the socket listens (so `/ready` says 503 meanwhile). */
  loadPredictor: () => Promise<Predictor>;
  /** The mlx version (OpenAPI document). */
  version?: string;
  /** The environment: the auth token variable, and PG* for `serve.store: postgres` (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Builds the drift monitor once the model is loaded (GET /v1/drift, periodic gauge updates). */
  drift?: (ctx: {
    model: ServedModel;
    store: PredictionStore | null;
    metrics: ServingMetrics;
  }) => ServingDriftMonitor | null;
  /**
   * Opens the prediction store (default openPredictionStore, the writer itself): a cluster worker passes
   * one that relays its rows to the primary, which owns the writer.
   */
  openStore?: typeof openPredictionStore;
  /** GET /metrics text when it is more than this process's (a cluster worker: the whole cluster's). */
  metricsText?: () => Promise<string>;
  /** Aborting it shuts the server down cleanly (the CLI aborts on SIGTERM/SIGINT); its reason is logged. */
  signal?: AbortSignal;
  /** The registry aliases pointing at the served model (TF Serving's version labels), read when asked. */
  modelLabels?: (model: ServedModel) => readonly string[];
  /**
   * Hot reload and canary: `desired()` says which model(s) should be served (checked once at start,
   * then every `intervalSeconds`; 0 = only at start); a change is loaded and swapped without dropping requests.
   */
  reload?: { initialKey: string; intervalSeconds: number; desired: () => Promise<DesiredModels> };
}

export interface ShutdownSummary {
  reason: string;
  /** Prediction rows committed to the store during this run. */
  storedRows: number;
  /** Rows not committed by the shutdown deadline, written to the spill file (ingested by the next start). */
  spilledRows: number;
  spillFile: string | null;
  uptimeMs: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The primary model served now (it changes on a hot reload). */
  readonly model: ServedModel;
  metrics: ServingMetrics;
  store: PredictionStore | null;
  /**
   * Stops accepting, finishes in-flight requests and flushes the store within `serve.shutdown_timeout`,
   * spills the rows still unflushed then, releases the model. Rejects only with StoreSpillError (rows lost).
   */
  shutdown(reason?: string): Promise<ShutdownSummary>;
  /** Settles like `shutdown()` when the server has shut down (signal or `shutdown()`). */
  closed: Promise<ShutdownSummary>;
}

function authToken(config: ServeConfig, env: NodeJS.ProcessEnv): string | null {
  const name = config.auth.token_env;
  if (name === null) return null;
  const token = env[name];
  if (!token) {
    throw new ConfigError(`serve.auth.token_env names the variable ${name}, but it is not set (or empty).`, {
      hint: `Export ${name}=<secret> before \`mlx serve\`, or set serve.auth.token_env to null to serve without auth.`,
    });
  }
  return token;
}

/** Starts `mlx serve`: listen, load the model, serve until the abort signal or `shutdown()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const started = Date.now();
  const env = options.env ?? process.env;
  const token = authToken(config, env);
  const target = storeTarget(config, options.root, env);
  const store = target
    ? await (options.openStore ?? openPredictionStore)(target, {
        durability: config.store_durability,
        maxQueue: config.store_queue_max,
        flushMs: config.store_flush_ms,
        batchMax: config.store_batch_max,
        logger,
      })
    : null;
  // A cluster worker's store relays to the primary, which logs the store it opened.
  if (store && !options.openStore) {
    logger.info('prediction store open', { store: store.location, durability: store.durability });
  }
  const metrics = createServingMetrics({ storeStats: () => store?.stats() ?? null });
  let driftMonitor: ServingDriftMonitor | null = null;
  let shuttingDown = false;
  const build = (predictor: Predictor) =>
    createServedModel(
      predictor,
      { ...config, policy: options.policy },
      {
        onModelCall: (rows, seconds) => {
          metrics.modelCallRows.observe(rows);
          metrics.modelCallDuration.observe(seconds);
        },
      },
    );
  const holder = new ModelHolder({
    build,
    metrics,
    logger,
    onPrimary: (served) => {
      // The drift monitor compares the logged inputs with the served version's own reference sample.
      driftMonitor?.stop();
      driftMonitor = options.drift?.({ model: served, store, metrics }) ?? null;
      driftMonitor?.start(config.drift_check_interval);
    },
  });
  const model = () => holder.primary();
  const deps: ServingDeps = {
    model,
    chooseModel: (m) => holder.choose(m),
    canary: () => holder.canary()?.model ?? null,
    store,
    metrics,
    logger,
    config,
    authToken: token,
    version: options.version,
    isShuttingDown: () => shuttingDown,
    ...(options.metricsText ? { metricsText: options.metricsText } : {}),
    drift: () => driftMonitor,
    modelLabels: () => {
      const served = model();
      return served && options.modelLabels ? options.modelLabels(served) : [];
    },
  };
  const app = createApp(deps);
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    // Headers every answer carries go out with the answer's own in one writeHead (see QueuedHeadersResponse).
    serverOptions: { ...httpTimeouts(config), ServerResponse: QueuedHeadersResponse },
  }) as import('node:http').Server;
  server.on('clientError', answerClientError(logger));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new InputError(
            'MLX_SERVE_LISTEN',
            `Cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`,
            {
              hint: 'Pick another port with --port (0 = any free port) or stop the process that holds it.',
              cause: error,
            },
          ),
        ),
      );
    });
    holder.init(options.reload?.initialKey ?? 'start', build(await options.loadPredictor()));
    // The canary (and a target that moved while loading) is loaded before the server says it is ready.
    if (options.reload) await holder.reconcile(await options.reload.desired());
  } catch (error) {
    server.close();
    await holder.dispose();
    await store?.close().catch((closeError: unknown) => {
      logger.error('prediction store close failed', { error: String(closeError) });
    });
    throw error;
  }
  const served = holder.current();
  if (!driftMonitor) {
    driftMonitor = options.drift?.({ model: served, store, metrics }) ?? null;
    driftMonitor?.start(config.drift_check_interval);
  }
  if (options.reload) holder.start(options.reload.intervalSeconds, options.reload.desired);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('model loaded', { model: served.name, version: served.version, run_id: served.predictor.info.runId });

  let shutdownPromise: Promise<ShutdownSummary> | undefined;
  let settleClosed: (result: Promise<ShutdownSummary>) => void = () => {};
  const closed = new Promise<ShutdownSummary>((resolve) => {
    settleClosed = resolve;
  });
  // Observed here so that a failed shutdown nobody awaits is never an unhandled rejection; callers still see it.
  closed.catch(() => {});
  const onAbort = () => {
    shutdown(String(options.signal?.reason ?? 'aborted')).catch(() => {});
  };

  /** Waits for in-flight requests until the deadline, then closes the connections that remain. */
  const drainHttp = (deadline: number) =>
    new Promise<void>((resolve) => {
      const http = server;
      const force = setTimeout(
        () => {
          logger.warn('shutdown timeout: closing the remaining connections', { seconds: config.shutdown_timeout });
          http.closeAllConnections();
          resolve();
        },
        Math.max(0, deadline - Date.now()),
      );
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      http.closeIdleConnections();
    });

  const stop = async (reason: string): Promise<ShutdownSummary> => {
    const deadline = Date.now() + config.shutdown_timeout * 1000;
    shuttingDown = true;
    logger.info('shutting down: no new connections, finishing in-flight requests', {
      reason,
      timeout_seconds: config.shutdown_timeout,
    });
    await holder.stop();
    await drainHttp(deadline);
    options.signal?.removeEventListener('abort', onAbort);
    driftMonitor?.stop();
    try {
      const report = store ? await store.close({ deadline }) : null;
      const summary: ShutdownSummary = {
        reason,
        storedRows: store?.stats().written ?? 0,
        spilledRows: report?.spilled ?? 0,
        spillFile: report?.spillFile ?? null,
        uptimeMs: Date.now() - started,
      };
      logger.info('stopped', { ...summary });
      return summary;
    } finally {
      await holder.dispose();
    }
  };

  const shutdown = (reason = 'shutdown'): Promise<ShutdownSummary> => {
    if (!shutdownPromise) {
      shutdownPromise = stop(reason);
      settleClosed(shutdownPromise);
    }
    return shutdownPromise;
  };

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    url,
    port,
    get model() {
      return holder.primary() ?? served;
    },
    metrics,
    store,
    shutdown,
    closed,
  };
}
