// A small REAL predictor for route tests: a tfjs dense softmax layer over a penguin-like schema.
import * as tf from '@tensorflow/tfjs';
import { defaultConfig } from '../../../src/lib/config/index.js';
import type { ServeConfig } from '../../../src/lib/config/sections/serve.js';
import type { InputSchema, Prediction, Predictor, Row } from '../../../src/lib/contracts.js';
import { DEFAULT_POLICY, type ValidationPolicy } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import type { PredictionStore } from '../../../src/lib/prediction-store/index.js';
import { createApp } from '../../../src/lib/serving/app.js';
import type { ServingDeps } from '../../../src/lib/serving/deps.js';
import { createServingMetrics } from '../../../src/lib/serving/metrics/serving-metrics.js';
import { createServedModel } from '../../../src/lib/serving/served-model.js';

export const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];

export const testSchema: InputSchema = {
  version: 1,
  features: [
    { name: 'bill_length_mm', type: 'numeric', required: true, min: 32.1, max: 59.6, allowed: null },
    { name: 'island', type: 'categorical', required: true, min: null, max: null, allowed: ISLANDS },
    { name: 'sex', type: 'categorical', required: false, min: null, max: null, allowed: ['female', 'male'] },
  ],
  target: { name: 'species', task: 'classification', classes: CLASSES },
};

export const goodInstance = { bill_length_mm: 39.1, island: 'Torgersen', sex: 'male' };

function encode(rows: readonly Row[]): number[][] {
  return rows.map((r) => [
    (Number(r.bill_length_mm) - 44) / 5.5,
    ...ISLANDS.map((i) => (r.island === i ? 1 : 0)),
    r.sex === 'male' ? 1 : 0,
  ]);
}

/** A tfjs model with fixed weights: bill length separates Adelie from the rest, islands do the rest. */
export async function createTestPredictor(): Promise<Predictor> {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 3, activation: 'softmax' })] });
  const kernel = tf.tensor2d([
    [-3, 1, 1.5],
    [-0.5, -1, 2],
    [0.5, 2, -1],
    [1, -1, -1],
    [0.2, 0, 0.1],
  ]);
  const bias = tf.tensor1d([0, 0, 0]);
  model.setWeights([kernel, bias]);
  kernel.dispose();
  bias.dispose();
  return {
    info: {
      name: 'penguins',
      version: 3,
      runId: 'run-test',
      createdAt: '2026-01-01T00:00:00.000Z',
      task: 'classification',
      dir: '/nonexistent',
      metrics: { test: { accuracy: 0.97 } },
      lineage: { seed: 42 },
    },
    schema: testSchema,
    predict(rows: readonly Row[]): Prediction[] {
      const probs = tf.tidy(() =>
        (model.predict(tf.tensor2d(encode(rows), [rows.length, 5])) as tf.Tensor).arraySync(),
      );
      return (probs as number[][]).map((p) => {
        const best = p.indexOf(Math.max(...p));
        return {
          label: CLASSES[best] ?? 'unknown',
          probabilities: Object.fromEntries(CLASSES.map((c, i) => [c, p[i] ?? 0])),
        };
      });
    },
    predictColumns(data) {
      const rows = Array.from({ length: data.rows }, (_, i) =>
        Object.fromEntries(['bill_length_mm', 'island', 'sex'].map((name) => [name, data.column(name)?.[i]])),
      );
      const probabilities = tf.tidy(
        () => (model.predict(tf.tensor2d(encode(rows), [rows.length, 5])) as tf.Tensor).dataSync() as Float32Array,
      );
      return { task: 'classification', classes: [...CLASSES], probabilities };
    },
    dispose: () => model.dispose(),
  };
}

export interface TestAppOptions {
  serve?: Partial<ServeConfig>;
  /** The input policy (the `inputs` config section); default: the default policy. */
  policy?: Partial<ValidationPolicy>;
  logger?: ServingDeps['logger'];
  store?: PredictionStore | null;
  authToken?: string;
  predictor?: Predictor | null;
  shuttingDown?: () => boolean;
}

/** The app over the test predictor, with its own metrics registry. */
export async function createTestApp(options: TestAppOptions = {}) {
  const config: ServeConfig = { ...defaultConfig().serve, access_log: false, ...options.serve };
  const predictor = options.predictor === undefined ? await createTestPredictor() : options.predictor;
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const model = predictor ? createServedModel(predictor, { ...config, policy }) : null;
  const store = options.store ?? null;
  const metrics = createServingMetrics({ defaultMetrics: false, storeStats: () => store?.stats() ?? null });
  const deps: ServingDeps = {
    model: () => model,
    store,
    metrics,
    logger: options.logger ?? silentLogger(),
    config,
    authToken: options.authToken ?? null,
    version: '9.9.9',
    isShuttingDown: options.shuttingDown,
  };
  return { app: createApp(deps), deps, predictor, model };
}

/** POSTs JSON to the app. */
export function postJson(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
