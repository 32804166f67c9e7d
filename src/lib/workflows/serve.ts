import type { MlxConfig } from '../config/index.js';
import { holdYoungGeneration, serialScavenges, skipMidTierCompiler } from '../heap.js';
import type { Logger, LoggerOptions } from '../logging.js';
import type { RunningServer, ShutdownSummary, StartServerOptions } from '../serving/index.js';
import { defaultModelRef } from '../tracking/refs.js';
import { workerCount } from './serve-cluster.js';
import { serveTargets } from './serve-targets.js';

export interface ServeModelOptions {
  config: MlxConfig;
  root: string;
  logger: Logger;
  /**
   * Model REF (bundle path, run id, NAME@ALIAS, NAME@VERSION, `latest`, s3://B/P/NAME@ALIAS); default
   * `serve.model`, else `<model.name>@production` when that alias exists, else `latest` (logged).
   */
  modelRef?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  version?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting it drains and stops the server (the CLI aborts on SIGTERM/SIGINT). */
  signal?: AbortSignal;
  /** Called once the model is loaded and the socket listens (not with serve.workers > 1: no server lives here). */
  onReady?: (server: RunningServer) => void;
  /** How the CLI built `logger`: serve.workers > 1 builds the workers' loggers the same way. */
  loggerOptions?: LoggerOptions;
  /** Set in a worker of serve.workers > 1 (serve-worker.ts): its store relays to the primary, which sums /metrics. */
  cluster?: Pick<StartServerOptions, 'openStore' | 'metricsText'>;
}

export interface ServeResult extends ShutdownSummary {
  url: string;
  model: { name: string; version: string; dir: string };
}

/**
 * `mlx serve`: resolve the model REF (a bucket registry: download, verify the manifest), start the server
 * with its drift monitor, follow the REF (`serve.reload_interval`) and the canary, serve until aborted.
 */
export async function serveModel(options: ServeModelOptions): Promise<ServeResult> {
  const { config, root, logger } = options;
  const workers = options.cluster ? 1 : await workerCount(config.serve.workers);
  let releaseHeap = () => {};
  if (config.serve.compact_heap) {
    releaseHeap = await holdYoungGeneration();
    await skipMidTierCompiler();
  }
  if (config.serve.serial_scavenge) await serialScavenges();
  const ctx = {
    root,
    config,
    logger,
    ...(options.env ? { env: options.env } : {}),
    onWarning: (m: string) => logger.warn(m),
  };
  const given = options.modelRef ?? config.serve.model ?? null;
  const fallback = given === null ? await defaultModelRef(ctx) : null;
  const ref = given ?? fallback?.ref ?? 'latest';
  logger.info(`model: ${ref}${fallback ? ` (default: ${fallback.reason})` : ''}`);
  // A missing model or corrupt bundle is an error at start (exit 2), never on the first request.
  const targets = await serveTargets(ref, ctx);
  const first = await targets.desired();
  if (workers > 1) {
    const loggerOptions = options.loggerOptions ?? { level: config.logging.level, format: config.logging.format };
    const { serveCluster } = await import('./serve-cluster.js');
    // The primary's young generation is held too: it takes every row of every worker.
    return serveCluster({ ...options, workers, modelRef: ref, loggerOptions }).finally(releaseHeap);
  }
  const serve = {
    ...config.serve,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  };
  // Imported here, not at the top: the primary of serve.workers (above) serves nothing and needs none of it
  // (the HTTP app, the model code and tfjs, drift: ~20 MiB of its RSS).
  const [{ startServer }, { inputPolicy }, { servingDriftMonitor }] = await Promise.all([
    import('../serving/index.js'),
    import('../data/index.js'),
    import('./serving-monitor.js'),
  ]);
  const following = targets.intervalSeconds > 0 || first.canary !== null;
  const server = await startServer({
    config: serve,
    policy: inputPolicy(config),
    root,
    logger,
    version: options.version,
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...options.cluster,
    loadPredictor: first.primary.load,
    ...(following
      ? {
          reload: { initialKey: first.primary.key, intervalSeconds: targets.intervalSeconds, desired: targets.desired },
        }
      : {}),
    // Read per request: a `mlx models promote` while serving moves a label to or from the served version.
    modelLabels: (model) => targets.labels(model.name, model.version),
    drift: ({ model, store, metrics }) =>
      servingDriftMonitor({
        drift: config.drift,
        predictor: model.predictor,
        version: model.version,
        query: store ? (q) => store.query(q) : null,
        registry: metrics.registry,
        logger,
      }),
  });
  // A cluster worker's line would come before the other workers are up: the primary says it once all are.
  logger.log(options.cluster ? 'debug' : 'info', `listening on ${server.url}`, {
    url: server.url,
    model: server.model.name,
    version: server.model.version,
    ...(following ? { follows: ref, reload_interval: targets.intervalSeconds } : {}),
  });
  options.onReady?.(server);
  const summary = await server.closed.finally(releaseHeap);
  const dir = server.model.predictor.info.dir;
  return { ...summary, url: server.url, model: { name: server.model.name, version: server.model.version, dir } };
}
