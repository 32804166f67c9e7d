import { describe, expect, it } from 'vitest';
import { createTestApp, postJson } from '../helpers.js';
import { mlflow } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: protocol answers are walked structurally; the spec validators check their shape
type Json = Record<string, any>;

const penguins = [
  { bill_length_mm: 39.1, island: 'Torgersen', sex: 'male' },
  { bill_length_mm: 50, island: 'Biscoe', sex: null },
];

/**
 * The four JSON examples of MLflow's docs ("Deploy MLflow models" → local REST API), with their columns
 * a, b, c replaced by this model's features and their values by valid ones.
 */
const DOC_EXAMPLES: [string, unknown][] = [
  [
    'split-oriented DataFrame input',
    {
      dataframe_split: {
        columns: ['bill_length_mm', 'island', 'sex'],
        data: [
          [39.1, 'Torgersen', 'male'],
          [50, 'Biscoe', null],
        ],
      },
    },
  ],
  ['record-oriented DataFrame input', { dataframe_records: penguins }],
  ['tensor input in TF Serving\'s "instances" format', { instances: penguins }],
  [
    'tensor input in TF Serving\'s "inputs" format',
    { inputs: { bill_length_mm: [39.1, 50], island: ['Torgersen', 'Biscoe'], sex: ['male', null] } },
  ],
];

async function ourPredictions(app: Awaited<ReturnType<typeof createTestApp>>['app']) {
  const body = (await (await postJson(app, '/v1/predict', { instances: penguins })).json()) as Json;
  return body.predictions.map((p: Json) => ({
    prediction: p.label,
    ...Object.fromEntries(Object.entries(p.probabilities).map(([c, v]) => [`probability_${c}`, v])),
  }));
}

describe('MLflow scoring protocol', () => {
  it('answers GET /ping with 200 once the model is loaded (503 before), and GET /version', async () => {
    const { app } = await createTestApp();
    const ping = await app.request('/ping');
    expect([ping.status, await ping.text()]).toEqual([200, '\n']);
    expect(await (await app.request('/version')).text()).toBe('9.9.9');
    const loading = (await createTestApp({ predictor: null })).app;
    const res = await loading.request('/ping');
    expect(res.status).toBe(503);
    expect(mlflow.error(await res.json())).toBe(true);
  });

  it.each(DOC_EXAMPLES)(
    'given the docs’ %s, then {"predictions": [...]} as /v1/predict predicts',
    async (_name, body) => {
      const { app } = await createTestApp();
      const res = await postJson(app, '/invocations', body);
      const answer = (await res.json()) as Json;
      expect(res.status).toBe(200);
      expect(mlflow.response(answer)).toBe(true);
      expect(answer.predictions).toEqual(await ourPredictions(app));
    },
  );

  it('given a text/csv body with a header, then the same predictions (cells typed by the schema, empty = missing)', async () => {
    const { app } = await createTestApp();
    const csv = 'bill_length_mm,island,sex\r\n39.1,Torgersen,male\r\n50,"Biscoe",\r\n';
    const res = await app.request('/invocations', {
      method: 'POST',
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).predictions).toEqual(await ourPredictions(app));
  });

  it('accepts optional params beside the input key, and content types with parameters', async () => {
    const { app } = await createTestApp();
    const res = await postJson(
      app,
      '/invocations',
      { dataframe_records: penguins, params: { threshold: 1 } },
      {
        'Content-Type': 'application/json; charset=utf-8',
      },
    );
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'the docs’ example as printed (columns a, b, c)',
      { dataframe_records: [{ a: 1, b: 2, c: 3 }] },
      'dataframe_records[0].a: unknown field',
    ],
    ['two input keys', { dataframe_records: penguins, instances: penguins }, 'exactly one of the input fields'],
    ['no input key', { data: penguins }, "exactly one of the input fields 'dataframe_split'"],
    ['a JSON array body', [penguins[0]], 'The request body must be a JSON object'],
    [
      'a split row of the wrong width',
      { dataframe_split: { columns: ['island'], data: [['Dream', 1]] } },
      'dataframe_split.data[0]: 2 values for 1 columns',
    ],
    [
      'uneven columnar inputs',
      { inputs: { bill_length_mm: [39.1], island: ['Dream', 'Biscoe'] } },
      'inputs.island: 2 values',
    ],
    [
      'a value of the wrong type',
      { dataframe_records: [{ ...penguins[0], bill_length_mm: 'long' }] },
      'dataframe_records[0].bill_length_mm: expected a finite number, got string',
    ],
    [
      'a category outside the contract',
      { inputs: { bill_length_mm: [39.1], island: ['Atlantis'] } },
      'inputs.island[0]: expected one of: Biscoe, Dream, Torgersen',
    ],
    [
      'a missing required column',
      { dataframe_split: { columns: ['island'], data: [['Dream']] } },
      'dataframe_split.data[0] (bill_length_mm): required',
    ],
  ])('given %s, then 400 {"error_code": "BAD_REQUEST", "message"} naming the field', async (_case, body, message) => {
    const { app } = await createTestApp();
    const res = await postJson(app, '/invocations', body);
    const answer = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(mlflow.error(answer)).toBe(true);
    expect(answer.error_code).toBe('BAD_REQUEST');
    expect(answer.message).toContain(message);
  });

  it('answers malformed JSON with MALFORMED_REQUEST, CSV cells that are not numbers with BAD_REQUEST, other types with 415', async () => {
    const { app } = await createTestApp();
    const broken = (await (await postJson(app, '/invocations', '{"dataframe_split": ')).json()) as Json;
    expect(broken.error_code).toBe('MALFORMED_REQUEST');
    const csv = await app.request('/invocations', {
      method: 'POST',
      body: 'bill_length_mm,island\nlong,Dream\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(csv.status).toBe(400);
    expect(((await csv.json()) as Json).message).toContain(
      'csv row 1 (line 2).bill_length_mm: expected a finite number',
    );
    const xml = await app.request('/invocations', {
      method: 'POST',
      body: '<a/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(mlflow.error(await xml.json())).toBe(true);
  });
});
