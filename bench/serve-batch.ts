// `npm run bench -- serve --batch-stages`: where a 1,000-row batch's server-side time goes, in process,
// stage by stage as the prediction path (src/lib/serving/protocols/predict-path.ts) runs them for one
// `POST /v1/predict`: the body's JSON.parse, validation against the bundle's schema (zod + warnings),
// the model call (encode, kernels, decode; micro-batching off: one call), the prediction store's rows
// (toStoreRow: the JSON of every row's inputs and outputs, built on the main thread), and the answer's
// JSON.stringify. Hono, the socket and the store's writer thread are not in it (see --tail).

import os from 'node:os';
import { defaultConfig } from '../src/lib/config/index.js';
import { createPredictor } from '../src/lib/model/index.js';
import { toStoreRow } from '../src/lib/prediction-store/rows.js';
import { createServedModel } from '../src/lib/serving/index.js';
import { median, printTable } from './lib.js';
import { penguin } from './serve-lib.js';

export interface BatchStages {
  loadAverage: number[];
  rows: number;
  iterations: number;
  /** Stage → [median, p90] ms. */
  stages: Record<string, [number, number]>;
}

const STAGES = ['JSON.parse', 'validate', 'predict (encode, kernels, decode)', 'store rows', 'answer JSON'] as const;

/** Times each stage `iterations` times (after 20 unmeasured) on a 1,000-row body for the bundle in `dir`. */
export async function batchStages(dir: string, iterations = 200): Promise<BatchStages> {
  const rows = 1000;
  const loadAverage = os.loadavg();
  const predictor = await createPredictor(dir);
  const served = createServedModel(predictor, { ...defaultConfig().serve, micro_batch: false });
  const body = JSON.stringify({
    instances: Array.from({ length: rows }, (_, i) => ({ ...penguin, body_mass_g: 3000 + i })),
  });
  const times = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  let at = performance.now();
  const lap = (stage: (typeof STAGES)[number], keep: boolean) => {
    const now = performance.now();
    if (keep) times.get(stage)?.push(now - at);
    at = now;
  };
  for (let i = -20; i < iterations; i++) {
    const keep = i >= 0;
    at = performance.now();
    const parsed: unknown = JSON.parse(body);
    lap('JSON.parse', keep);
    const valid = served.validate(parsed);
    if (!valid.ok) throw new Error(`the batch is invalid: ${valid.message}`);
    lap('validate', keep);
    const predictions = await served.predict(valid.rows);
    lap('predict (encode, kernels, decode)', keep);
    const ts = Date.now();
    valid.rows.map((inputs, r) =>
      toStoreRow({
        ts,
        requestId: 'bench',
        modelName: 'm',
        modelVersion: '1',
        inputs,
        outputs: predictions[r] ?? { value: 0 },
        latencyMs: 1,
      }),
    );
    lap('store rows', keep);
    JSON.stringify({ predictions, model_version: served.version, request_id: 'bench' });
    lap('answer JSON', keep);
  }
  predictor.dispose();
  const p90 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.9)] ?? Number.NaN;
  return {
    loadAverage,
    rows,
    iterations,
    stages: Object.fromEntries([...times].map(([stage, v]) => [stage, [median(v), p90(v)]])),
  };
}

/** Prints the stages' table. */
export function printBatchStages(b: BatchStages): void {
  console.log(
    `\nA ${b.rows}-row batch server-side by stage, in process (bench/serve-batch.ts), ${b.iterations} iterations after 20; load average ${b.loadAverage.map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  const total = Object.values(b.stages).reduce((t, [m]) => t + m, 0);
  printTable(
    ['stage', 'median ms', 'p90 ms'],
    [
      ...Object.entries(b.stages).map(([stage, [m, p]]) => [stage, m.toFixed(3), p.toFixed(3)]),
      ['sum of the medians', total.toFixed(3), ''],
    ],
  );
}
