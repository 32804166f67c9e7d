// `npm run bench -- serve --batch-stages`: where a 1,000-row batch's server-side time goes, in process,
// stage by stage as the prediction path (src/lib/serving/protocols/predict-path.ts) runs them for one
// `POST /v1/predict`: the body's JSON.parse, validation against the bundle's schema (the plain-function
// fast path, zod only for bodies it does not plainly accept; + warnings), the model call (encode,
// kernels, decode; micro-batching off: one call), the store's records (what the request waits for), and
// the answer's JSON.stringify. The store's work after the answer is timed too, on its own lines: the rows
// as columns (a RowBlock: main thread), and their JSON texts from those columns (the SQLite writer thread,
// or the main thread for PostgreSQL and for a batch whose rows are not of one shape). Hono, the socket and the store's
// writer thread are not in it (see --tail).

import os from 'node:os';
import { defaultConfig } from '../src/lib/config/index.js';
import { createPredictor } from '../src/lib/model/index.js';
import { blockRows, toRowBlock } from '../src/lib/prediction-store/rows.js';
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

const STAGES = [
  'JSON.parse',
  'validate',
  'predict (encode, kernels, decode)',
  'store records',
  'answer JSON',
  'store rows as columns (RowBlock, after the answer)',
  "store rows' JSON (writer thread; main thread for other shapes)",
] as const;
/** The stages a request waits for (the sum printed). */
const ON_PATH = STAGES.length - 2;

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
    const records = valid.rows.map((inputs, r) => ({
      ts,
      requestId: 'bench',
      modelName: 'm',
      modelVersion: '1',
      inputs,
      outputs: predictions[r] ?? { value: 0 },
      latencyMs: 1,
    }));
    lap('store records', keep);
    JSON.stringify({ predictions, model_version: served.version, request_id: 'bench' });
    lap('answer JSON', keep);
    const block = toRowBlock(records);
    if (!block) throw new Error('the batch did not make a RowBlock');
    lap('store rows as columns (RowBlock, after the answer)', keep);
    blockRows(block);
    lap("store rows' JSON (writer thread; main thread for other shapes)", keep);
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
  const entries = Object.entries(b.stages);
  const total = entries.slice(0, ON_PATH).reduce((t, [, [m]]) => t + m, 0);
  printTable(
    ['stage', 'median ms', 'p90 ms'],
    [
      ...entries.slice(0, ON_PATH).map(([stage, [m, p]]) => [stage, m.toFixed(3), p.toFixed(3)]),
      ['sum of the medians (what the answer waits for)', total.toFixed(3), ''],
      ...entries.slice(ON_PATH).map(([stage, [m, p]]) => [stage, m.toFixed(3), p.toFixed(3)]),
    ],
  );
}
