import type { Worker } from 'node:cluster';
import type { MlxConfig } from '../config/index.js';
import { BugError, ERRORS, type ErrorCode, MlxError } from '../errors.js';
import type { LoggerOptions } from '../logging.js';
import type { RelayAck, RelayRows } from '../prediction-store/relay.js';
import type { MetricsJson } from '../serving/metrics/cluster-metrics.js';
import type { ServeModelOptions, ServeResult } from './serve.js';

/** What the primary tells a worker to serve (`serve.workers` > 1): everything `serveModel` needs, as data. */
export interface ServeWorkerJob {
  /** 0-based; worker 0 runs the periodic drift checks. */
  index: number;
  config: MlxConfig;
  root: string;
  /** The REF the primary resolved (its default included), so that every worker serves the same one. */
  modelRef: string;
  host?: string | undefined;
  port?: number | undefined;
  version?: string | undefined;
  logger: LoggerOptions;
}

export interface WorkerError {
  code: string;
  message: string;
  hint?: string | undefined;
}

/** Primary → worker. */
export type ToWorker =
  | { type: 'mlx:start'; job: ServeWorkerJob }
  | { type: 'mlx:shutdown'; reason: string }
  | { type: 'mlx:metrics-get'; id: number }
  | { type: 'mlx:metrics-text'; id: number; text: string | null; error: string | null }
  | RelayAck;

/** Worker → primary. */
export type FromWorker =
  | { type: 'mlx:ready'; url: string; model: ServeResult['model'] }
  | { type: 'mlx:failed'; error: WorkerError }
  | { type: 'mlx:metrics-json'; id: number; metrics: MetricsJson }
  | { type: 'mlx:metrics-req'; id: number }
  | RelayRows;

/** Share of `serve.shutdown_timeout` a worker may take, so the primary still has time to commit its rows. */
const WORKER_SHUTDOWN_SHARE = 0.75;
/** How long the primary waits for each worker's metrics for one scrape. */
const METRICS_TIMEOUT_MS = 3000;

/** The worker count `serve.workers` means (0 = one per CPU core). */
export async function workerCount(workers: number): Promise<number> {
  return workers > 0 ? workers : (await import('node:os')).availableParallelism();
}

/** A worker's error as the same MlxError (exit code and hint kept), or a BugError. */
function rebuildError(error: WorkerError): Error {
  if (error.code in ERRORS) {
    return new MlxError(error.code as ErrorCode, error.message, error.hint ? { hint: error.hint } : {});
  }
  return new BugError(`a server worker failed: ${error.message}`);
}

/**
 * `mlx serve` with `serve.workers` > 1: this process (node:cluster's primary) opens the prediction store,
 * forks the workers, which listen on the shared port and serve, relays their rows into the store (one
 * writer), answers their /metrics with the whole cluster's, replaces a worker that dies, and at the abort
 * signal stops them (each drains its requests and hands over its rows) before it flushes and closes the store.
 */
export async function serveCluster(
  options: ServeModelOptions & { workers: number; modelRef: string; loggerOptions: LoggerOptions },
): Promise<ServeResult> {
  const { config, root, logger } = options;
  const [cluster, { storeTarget }, { openPredictionStore }, { answerRelayedRows }, metricsModule, clusterMetrics] =
    await Promise.all([
      import('node:cluster').then((m) => m.default),
      import('../serving/store-target.js'),
      import('../prediction-store/open.js'),
      import('../prediction-store/relay.js'),
      import('../serving/metrics/serving-metrics.js'),
      import('../serving/metrics/cluster-metrics.js'),
    ]);
  const started = Date.now();
  const serve = config.serve;
  const target = storeTarget(serve, root, options.env ?? process.env);
  const store = target
    ? await openPredictionStore(target, {
        durability: serve.store_durability,
        maxQueue: serve.store_queue_max,
        flushMs: serve.store_flush_ms,
        batchMax: serve.store_batch_max,
        logger,
      })
    : null;
  if (store) logger.info('prediction store open', { store: store.location, durability: store.durability });
  // The primary's own series: the store's queue and commits, and this process's CPU and memory.
  const own = metricsModule.createServingMetrics({ storeStats: () => store?.stats() ?? null });

  const fromSource = import.meta.url.endsWith('.ts');
  cluster.setupPrimary({
    exec: new URL(`./serve-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).pathname,
    args: [],
    execArgv: fromSource ? [...process.execArgv, '--import', 'tsx'] : process.execArgv,
    serialization: 'advanced',
  });

  const live = new Map<number, Worker>();
  let stopping = false;
  let first: ServeResult['model'] | null = null;
  let url = '';
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  let nextMetricsId = 0;
  const gathering = new Map<number, { parts: MetricsJson[]; left: number; done: () => void }>();

  const send = (worker: Worker, message: ToWorker) => {
    if (worker.isConnected()) worker.send(message);
  };

  /** Every live worker's metrics (those that answer within the timeout) and the primary's, as one text. */
  const exposition = async (): Promise<string> => {
    const id = nextMetricsId++;
    const workers = [...live.values()].filter((w) => w.isConnected());
    const parts: MetricsJson[] = [];
    await new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, METRICS_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timeout);
        resolve();
      };
      gathering.set(id, { parts, left: workers.length, done });
      for (const w of workers) send(w, { type: 'mlx:metrics-get', id });
      if (workers.length === 0) done();
    });
    gathering.delete(id);
    return clusterMetrics.clusterExposition([...parts, await own.registry.getMetricsAsJSON()]);
  };

  const job = (index: number): ServeWorkerJob => ({
    index,
    config: {
      ...config,
      serve: {
        ...serve,
        shutdown_timeout: serve.shutdown_timeout * WORKER_SHUTDOWN_SHARE,
        // One process checks drift on a timer (its gauges are the cluster's); the others answer /v1/drift.
        drift_check_interval: index === 0 ? serve.drift_check_interval : 0,
      },
    },
    root,
    modelRef: options.modelRef,
    host: options.host,
    port: options.port,
    version: options.version,
    logger: options.loggerOptions,
  });

  /** Forks worker `index`; resolves when it serves, rejects with its error if it fails before that. */
  const fork = (index: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = cluster.fork({ ...(options.env ?? process.env), MLX_SERVE_WORKER: String(index + 1) });
      live.set(index, worker);
      // A message to a worker that is exiting fails with EPIPE, emitted as 'error': without a listener that
      // crashed the primary (seen when a worker failed at start while the primary told the others to stop).
      worker.on('error', (error) =>
        logger.debug('message to a server worker not delivered', { worker: index + 1, error: error.message }),
      );
      logger.debug('worker started', { worker: index + 1, pid: worker.process.pid });
      worker.send({ type: 'mlx:start', job: job(index) } satisfies ToWorker);
      let ready = false;
      let error: Error | null = null;
      if (store) {
        answerRelayedRows(store, {
          // worker.send's false means queued behind a full pipe, not lost.
          send: (m) => {
            if (!worker.isConnected()) return false;
            worker.send(m);
            return true;
          },
          onMessage: (listener) => worker.on('message', listener),
        });
      }
      worker.on('message', (m: FromWorker) => {
        switch (m?.type) {
          case 'mlx:ready':
            ready = true;
            if (index === 0) {
              first = m.model;
              url = m.url;
            }
            logger.info('worker ready', { worker: index + 1, pid: worker.process.pid });
            resolve();
            return;
          case 'mlx:failed':
            error = rebuildError(m.error);
            return;
          case 'mlx:metrics-json': {
            const g = gathering.get(m.id);
            if (!g) return;
            g.parts.push(m.metrics);
            if (--g.left === 0) g.done();
            return;
          }
          case 'mlx:metrics-req':
            exposition().then(
              (text) => send(worker, { type: 'mlx:metrics-text', id: m.id, text, error: null }),
              (e: unknown) => send(worker, { type: 'mlx:metrics-text', id: m.id, text: null, error: String(e) }),
            );
            return;
          default:
            return;
        }
      });
      worker.on('exit', (code, signal) => {
        if (live.get(index) === worker) live.delete(index);
        if (!ready) {
          reject(error ?? new BugError(`server worker ${index + 1} exited before it was ready (${signal ?? code})`));
          return;
        }
        if (stopping) return;
        // A crash: its requests in flight are lost to their clients, its unsent rows with it (the async
        // window). Serving goes on in the others while a replacement starts.
        logger.error('server worker died; starting a replacement', { worker: index + 1, code, signal });
        fork(index).catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
      });
    });

  const stopWorkers = async (reason: string, deadline: number) => {
    stopping = true;
    const exits = [...live.values()].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) resolve();
          else w.once('exit', () => resolve());
        }),
    );
    for (const w of live.values()) send(w, { type: 'mlx:shutdown', reason });
    const timer = setTimeout(
      () => {
        for (const w of live.values()) {
          logger.warn('server worker did not stop in time: killed', { worker: w.id });
          w.process.kill('SIGKILL');
        }
      },
      Math.max(0, deadline - Date.now()),
    );
    await Promise.all(exits);
    clearTimeout(timer);
  };

  const closeStore = async (deadline: number) => {
    const report = store ? await store.close({ deadline }) : null;
    return {
      storedRows: store?.stats().written ?? 0,
      spilledRows: report?.spilled ?? 0,
      spillFile: report?.spillFile ?? null,
    };
  };

  try {
    await Promise.race([Promise.all(Array.from({ length: options.workers }, (_, i) => fork(i))), failed]);
  } catch (error) {
    const deadline = Date.now() + serve.shutdown_timeout * 1000;
    await stopWorkers('a worker failed to start', deadline);
    await closeStore(deadline).catch(() => {});
    throw error;
  }
  const model = first as ServeResult['model'] | null;
  if (!model) throw new BugError('server worker 1 gave no model');
  logger.info(`listening on ${url}`, { url, model: model.name, version: model.version, workers: options.workers });

  const reason = await Promise.race([
    new Promise<string>((resolve) => {
      if (options.signal?.aborted) resolve(String(options.signal.reason ?? 'aborted'));
      options.signal?.addEventListener('abort', () => resolve(String(options.signal?.reason ?? 'aborted')), {
        once: true,
      });
    }),
    failed,
  ]).catch(async (error: unknown) => {
    const deadline = Date.now() + serve.shutdown_timeout * 1000;
    await stopWorkers('a replacement worker failed to start', deadline);
    await closeStore(deadline);
    throw error;
  });
  const deadline = Date.now() + serve.shutdown_timeout * 1000;
  logger.info('shutting down: stopping the workers', { reason, timeout_seconds: serve.shutdown_timeout });
  // Workers that have not stopped by 90 % of the timeout are killed: the rest is the store's last commit.
  await stopWorkers(reason, Date.now() + serve.shutdown_timeout * 900);
  const summary = { reason, ...(await closeStore(deadline)), uptimeMs: Date.now() - started };
  logger.info('stopped', { ...summary });
  return { ...summary, url, model };
}
