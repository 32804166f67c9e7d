// Entry point of a `mlx serve` worker process (serve.workers > 1; forked by serve-cluster.ts, never
// imported): it waits for its job, serves on the shared port with a store that relays its rows to the
// primary, answers the primary's metrics requests, and stops on the primary's word, on SIGTERM/SIGINT (a
// terminal's Ctrl-C reaches every process of the group). If the primary dies, node:cluster ends the worker
// at once (its 'disconnect' handler).
import type { Registry } from 'prom-client';
import type { FromWorker, ServeWorkerJob, ToWorker } from './serve-cluster.js';

/** Longer than the primary's own wait for the other workers' metrics. */
const METRICS_WAIT_MS = 5000;
/**
 * A worker hands its rows to the primary at most this often (or every serve.store_flush_ms when that is
 * longer): one IPC message per worker per interval. At the 2 ms of store_flush_ms, 2 workers under
 * `wrk -t2 -c16` answered 25,293 against 29,992 req/s for 67.7 against 53.8 µs of CPU a request (4 rounds,
 * 2026-12-04); relaying every 10 ms while the primary commits every 2 ms: 27,870 against 28,344 req/s.
 */
const RELAY_MS = 10;

const send = (message: FromWorker) => {
  if (process.connected) process.send?.(message);
};

// Registered at once, before the job's modules load: a shutdown asked for during the start is not missed
// (the server then stops as soon as it has started).
const controller = new AbortController();
const stop = (reason: string) => {
  if (!controller.signal.aborted) controller.abort(reason);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
let registry: Registry | null = null;
let nextId = 0;
const asked = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
process.on('message', (m: ToWorker) => {
  switch (m?.type) {
    case 'mlx:start':
      void run(m.job);
      return;
    case 'mlx:shutdown':
      stop(m.reason);
      return;
    case 'mlx:metrics-get':
      void (registry?.getMetricsAsJSON() ?? Promise.resolve([])).then((metrics) =>
        send({ type: 'mlx:metrics-json', id: m.id, metrics }),
      );
      return;
    case 'mlx:metrics-text': {
      const waiter = asked.get(m.id);
      asked.delete(m.id);
      if (m.text === null) waiter?.reject(new Error(m.error ?? 'no metrics'));
      else waiter?.resolve(m.text);
      return;
    }
    default:
      return;
  }
});

async function run(job: ServeWorkerJob): Promise<void> {
  const [{ createLogger }, { serveModel }, relay, { describeStore }, { isMlxError }] = await Promise.all([
    import('../logging.js'),
    import('./serve.js'),
    import('../prediction-store/relay.js'),
    import('../prediction-store/open.js'),
    import('../errors.js'),
  ]);
  const logger = createLogger(job.logger).child({ component: 'serve', worker: job.index + 1 });
  try {
    await serveModel({
      config: job.config,
      root: job.root,
      logger,
      modelRef: job.modelRef,
      host: job.host,
      port: job.port,
      ...(job.version === undefined ? {} : { version: job.version }),
      signal: controller.signal,
      cluster: {
        openStore: async (target, o) =>
          relay.createRelayStore({
            channel: {
              // process.send returning false means "queued behind a full pipe", not "not sent": the
              // relay bounds what waits by its own queue. Only a closed channel is a link gone.
              send: (message) => {
                if (!process.connected || !process.send) return false;
                process.send(message);
                return true;
              },
              onMessage: (listener) => process.on('message', listener),
              onDisconnect: (listener) => process.on('disconnect', listener),
            },
            target,
            location: describeStore(target),
            durability: o?.durability ?? 'async',
            maxQueue: o?.maxQueue ?? 50_000,
            flushMs: Math.max(o?.flushMs ?? 0, RELAY_MS),
            batchMax: o?.batchMax ?? 500,
            logger,
          }),
        metricsText: () =>
          new Promise<string>((resolve, reject) => {
            const id = nextId++;
            const timer = setTimeout(() => {
              asked.delete(id);
              reject(new Error('the primary process did not answer with the metrics'));
            }, METRICS_WAIT_MS);
            asked.set(id, {
              resolve: (text) => {
                clearTimeout(timer);
                resolve(text);
              },
              reject: (error) => {
                clearTimeout(timer);
                reject(error);
              },
            });
            send({ type: 'mlx:metrics-req', id });
          }),
      },
      onReady: (server) => {
        registry = server.metrics.registry;
        const { name, version, predictor } = server.model;
        send({ type: 'mlx:ready', url: server.url, model: { name, version, dir: predictor.info.dir } });
      },
    });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = isMlxError(error) ? error.code : 'BUG';
    const failed: FromWorker = {
      type: 'mlx:failed',
      error: { code, message: e.message, hint: isMlxError(error) ? error.hint : undefined },
    };
    // Exit once the message is on its way (disconnecting would exit with 0).
    if (process.connected && process.send) process.send(failed, undefined, {}, () => process.exit(1));
    else process.exit(1);
    return;
  }
  // Done: leaving the cluster ends the process (node:cluster exits a worker on disconnect).
  process.disconnect?.();
}
