import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of `mlx serve`; other modules (drift) register more on `registry`. */
export interface ServingMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  predictions: Counter<'model_version' | 'label'>;
  predictionErrors: Counter<'reason'>;
  inputWarnings: Counter<'feature' | 'kind'>;
  modelInfo: Gauge<'name' | 'version'>;
  modelCallRows: Histogram;
  modelCallDuration: Histogram;
  storeQueueDepth: Gauge;
  storeWritten: Counter;
}

export interface ServingMetricsOptions {
  registry?: Registry;
  /** Node.js process metrics (CPU, memory, event loop lag, GC). */
  defaultMetrics?: boolean;
  /** Read at scrape time: rows waiting in the prediction store queue, and rows written so far. */
  storeStats?: () => { queueDepth: number; written: number } | null;
}

const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Creates and registers every serving metric on one registry. */
export function createServingMetrics(options: ServingMetricsOptions = {}): ServingMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // Gauges named *_total break the exposition conventions (`promtool check metrics` fails on them);
    // the same numbers stay available per type in nodejs_active_handles / _requests / _resources.
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);
  }
  const registers = [registry];
  const storeStats = options.storeStats;
  let lastWritten = 0;
  const storeWritten = new Counter({
    name: 'mlx_prediction_store_written_total',
    help: 'Prediction rows committed to the prediction store.',
    registers,
    collect() {
      const written = storeStats?.()?.written ?? lastWritten;
      if (written > lastWritten) this.inc(written - lastWritten);
      lastWritten = written;
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'mlx_http_requests_total',
      help: 'HTTP requests answered, by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'mlx_http_request_duration_seconds',
      help: 'HTTP request latency in seconds, by route and method.',
      labelNames: ['route', 'method'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    predictions: new Counter({
      name: 'mlx_predictions_total',
      help: 'Instances predicted, by model version and predicted label (regression: label="").',
      labelNames: ['model_version', 'label'],
      registers,
    }),
    predictionErrors: new Counter({
      name: 'mlx_prediction_errors_total',
      help: 'Prediction requests that failed after validation, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    inputWarnings: new Counter({
      name: 'mlx_input_warnings_total',
      help: 'Accepted input values outside the training contract (warn mode), by feature and kind.',
      labelNames: ['feature', 'kind'],
      registers,
    }),
    modelInfo: new Gauge({
      name: 'mlx_model_info',
      help: 'The served model: always 1, labelled with its name and version.',
      labelNames: ['name', 'version'],
      // Each cluster worker serves the same model(s): summed over workers it would read 2, not 1.
      aggregator: 'max',
      registers,
    }),
    modelCallRows: new Histogram({
      name: 'mlx_model_call_rows',
      help: 'Rows per model call (micro-batching merges concurrent requests into one call).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    }),
    modelCallDuration: new Histogram({
      name: 'mlx_model_call_duration_seconds',
      help: 'Seconds per model call (preprocessing and one batched tensor call).',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    }),
    storeQueueDepth: new Gauge({
      name: 'mlx_prediction_store_queue_depth',
      help: 'Prediction rows waiting to be committed to the prediction store.',
      registers,
      collect() {
        this.set(storeStats?.()?.queueDepth ?? 0);
      },
    }),
    storeWritten,
  };
}
