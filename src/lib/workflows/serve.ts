import { type MlxConfig, projectPath } from '../config/index.js';
import { inputPolicy } from '../data/index.js';
import type { Logger } from '../logging.js';
import { createPredictor } from '../model/index.js';
import { type RunningServer, type ShutdownSummary, startServer } from '../serving/index.js';
import { resolveModelChoice } from '../tracking/refs.js';
import { readRegistry } from '../tracking/registry.js';
import { servingDriftMonitor } from './serving-monitor.js';

export interface ServeModelOptions {
  config: MlxConfig;
  root: string;
  logger: Logger;
  /**
   * Model REF (bundle path, run id, NAME@ALIAS, NAME@VERSION, `latest`); default `serve.model`, else
   * `<model.name>@production` when that alias exists, else `latest` (logged).
   */
  modelRef?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  version?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting it drains and stops the server (the CLI aborts on SIGTERM/SIGINT). */
  signal?: AbortSignal;
  /** Called once the model is loaded and the socket listens. */
  onReady?: (server: RunningServer) => void;
}

export interface ServeResult extends ShutdownSummary {
  url: string;
  model: { name: string; version: string; dir: string };
}

/** `mlx serve`: resolve the model REF, start the server with its drift monitor, serve until aborted. */
export async function serveModel(options: ServeModelOptions): Promise<ServeResult> {
  const { config, root } = options;
  if (config.serve.compact_heap) {
    // Read by V8 each time it would grow the young generation, so it works at run time, unlike
    // --max-semi-space-size (command line only): the young generation keeps the size it has now.
    (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
  }
  // A missing model or corrupt bundle is an error at start (exit 2), never on the first request.
  const { dir } = await resolveModelChoice(options.modelRef ?? config.serve.model, {
    root,
    config,
    logger: options.logger,
  });
  const serve = {
    ...config.serve,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  };
  const server = await startServer({
    config: serve,
    policy: inputPolicy(config),
    root,
    logger: options.logger,
    version: options.version,
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    loadPredictor: () => createPredictor(dir, { backend: config.train.backend }),
    // Read per request: a `mlx models promote` while serving moves a label to or from the served version.
    modelLabels: (model) =>
      Object.entries(readRegistry(projectPath(root, config.paths.models), model.name).aliases)
        .filter(([, version]) => String(version) === model.version)
        .map(([alias]) => alias),
    drift: ({ model, store, metrics }) =>
      servingDriftMonitor({
        drift: config.drift,
        predictor: model.predictor,
        version: model.version,
        query: store ? (q) => store.query(q) : null,
        registry: metrics.registry,
        logger: options.logger,
      }),
  });
  options.logger.info(`listening on ${server.url}`, {
    url: server.url,
    model: server.model.name,
    version: server.model.version,
  });
  options.onReady?.(server);
  const summary = await server.closed;
  return { ...summary, url: server.url, model: { name: server.model.name, version: server.model.version, dir } };
}
