// e2e: the built binary trains the penguins example, then (1) `mlx serve` answers a real MLflow client
// (Debian python3-requests) in every input format, and the KServe v2 and TF Serving protocols, as
// /v1/predict answers; (2) `mlx models export` writes ONNX and web exports (exit codes, --json).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMlxServe, startMlxServe } from '../../scripts/docs-openapi.js';
import { runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';

const PYTHON = '/usr/bin/python3';
const hasRequests = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import requests']).status === 0;

const rows = [
  {
    island: 'Torgersen',
    bill_length_mm: 39.1,
    bill_depth_mm: 18.7,
    flipper_length_mm: 181,
    body_mass_g: 3750,
    sex: 'MALE',
  },
  {
    island: 'Biscoe',
    bill_length_mm: 47.5,
    bill_depth_mm: 14.2,
    flipper_length_mm: 215,
    body_mass_g: 5300,
    sex: 'FEMALE',
  },
];

// biome-ignore lint/suspicious/noExplicitAny: JSON answers walked structurally
type Json = Record<string, any>;

let project: string;
let server: RunningMlxServe;
let ours: Json[];

beforeAll(async () => {
  project = copyProject('mlx-e2e-interop-');
  for (const args of [
    ['data', 'prepare'],
    ['train', '--set', 'train.epochs=5'],
  ]) {
    const result = runMlx([...args, '--quiet'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
  }
  server = await startMlxServe(['--model', 'latest'], project);
  const res = await fetch(`${server.url}/v1/predict`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ instances: rows }),
  });
  ours = ((await res.json()) as Json).predictions;
}, 180_000);
afterAll(async () => {
  await server?.stop();
  rmSync(project, { recursive: true, force: true });
});

describe('mlx serve speaks the open inference protocols', () => {
  it.skipIf(!hasRequests)('a Python requests client posting every MLflow format gets /v1/predict’s predictions', () => {
    const result = spawnSync(
      PYTHON,
      [path.join(import.meta.dirname, 'clients', 'mlflow_client.py'), server.url, JSON.stringify(rows)],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    const expected = ours.map((p) => ({
      prediction: p.label,
      ...Object.fromEntries(Object.entries(p.probabilities).map(([c, v]) => [`probability_${c}`, v])),
    }));
    expect(answers.map((a) => [a.format, a.status])).toEqual([
      ['ping', 200],
      ['dataframe_split', 200],
      ['dataframe_records', 200],
      ['instances', 200],
      ['inputs', 200],
      ['csv', 200],
      ['invalid', 400],
    ]);
    for (const a of answers.slice(1, 6)) {
      expect(a.content_type).toMatch(/^application\/json/);
      expect(a.body, a.format).toEqual({ predictions: expected });
    }
    expect(answers[6]?.body.error_code).toBe('BAD_REQUEST');
    expect(answers[6]?.body.message).toContain(
      'dataframe_records[0].island: expected one of: Biscoe, Dream, Torgersen',
    );
  });

  it('KServe v2 and TF Serving answer the same numbers, and /metrics tells the protocols apart', async () => {
    const model = (await (await fetch(`${server.url}/v1/model`)).json()) as Json;
    const post = (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const inputs = Object.keys(rows[0] as object).map((name) => ({
      name,
      shape: [2],
      datatype: typeof rows[0]?.[name as keyof (typeof rows)[0]] === 'number' ? 'FP64' : 'BYTES',
      data: rows.map((r) => r[name as keyof typeof r]),
    }));
    const v2 = (await (
      await post(`/v2/models/${model.name}/versions/${model.version}/infer`, { inputs })
    ).json()) as Json;
    expect(v2.outputs[0].data).toEqual(ours.map((p) => p.label));
    const classes = Object.keys(ours[0]?.probabilities ?? {});
    expect(v2.outputs[1].data).toEqual(ours.flatMap((p) => classes.map((c) => Math.fround(p.probabilities[c]))));
    const tf = (await (await post(`/v1/models/${model.name}:predict`, { instances: rows })).json()) as Json;
    expect(tf.predictions).toEqual(
      ours.map((p) => ({ label: p.label, probabilities: classes.map((c) => p.probabilities[c]) })),
    );
    // `latest` is not an alias: the label route is a 404 in TF Serving's shape.
    const label = await post(`/v1/models/${model.name}/labels/latest:predict`, { instances: rows });
    expect([label.status, Object.keys((await label.json()) as Json)]).toEqual([404, ['error']]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const route of [
      '/v1/predict',
      '/v2/models/:name/versions/:version/infer',
      '/invocations',
      '/v1/models/:spec{[^/:]+:[A-Za-z]+}',
    ])
      expect(metrics).toContain(`route="${route}",method="POST"`);
  });

  it('answers a registry label once `mlx models promote` points it at the served version', async () => {
    const promoted = runMlx(['models', 'promote', 'penguins@1', '--alias', 'production'], { cwd: project });
    expect(promoted.code, promoted.stderr).toBe(0);
    const res = await fetch(`${server.url}/v1/models/penguins/labels/production:predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        inputs: {
          ...Object.fromEntries(
            Object.keys(rows[0] as object).map((k) => [k, rows.map((r) => r[k as keyof typeof r])]),
          ),
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).outputs.label).toEqual(ours.map((p) => p.label));
  });
});

describe('mlx models export', () => {
  it('writes an ONNX file and a web folder (--json results), and exits 2 for an unknown format or model', () => {
    const onnx = runMlx(['models', 'export', 'latest', '--format', 'onnx', '--output', 'penguins.onnx', '--json'], {
      cwd: project,
    });
    expect(onnx.code, onnx.stderr).toBe(0);
    const result = JSON.parse(onnx.stdout) as Json;
    expect(result).toMatchObject({
      format: 'onnx',
      output: path.join(project, 'penguins.onnx'),
      model: { name: 'penguins', version: 1 },
    });
    expect(result.outputs.map((o: Json) => o.name)).toEqual(['label', 'probabilities']);
    expect(readFileSync(path.join(project, 'penguins.onnx')).length).toBe(result.bytes);

    const web = runMlx(['models', 'export', 'penguins@1', '--format', 'web'], { cwd: project });
    expect(web.code, web.stderr).toBe(0);
    expect(web.stdout).toContain('index.html in a browser');
    expect(existsSync(path.join(project, 'penguins-v1-web', 'index.html'))).toBe(true);

    expect(runMlx(['models', 'export', 'latest', '--format', 'pmml'], { cwd: project }).code).toBe(2);
    const missing = runMlx(['models', 'export', 'penguins@9', '--format', 'onnx'], { cwd: project });
    expect(missing.code).toBe(2);
  });
});
