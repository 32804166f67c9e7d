import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/config/index.js';
import {
  csvCell,
  exportPredictions,
  openPredictionReader,
  openPredictionStore,
  type PredictionReader,
  sqliteTarget,
} from '../../../src/lib/prediction-store/index.js';
import { runPredictionsExport } from '../../../src/lib/workflows/export-predictions.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T12:00:00Z');

function collect() {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  return { out, text: () => chunks.join('') };
}

describe('predictions export', () => {
  let dir: string;
  let storePath: string;
  let reader: PredictionReader;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-export-'));
    storePath = path.join(dir, 'var', 'predictions.sqlite');
    const store = await openPredictionStore(sqliteTarget(storePath));
    await store.enqueue([
      {
        ts: NOW - 10 * DAY,
        requestId: 'old',
        modelName: 'penguins',
        modelVersion: '1',
        inputs: { bill_length_mm: 39.1, island: 'Torgersen' },
        outputs: { label: 'Adelie', probabilities: { Adelie: 0.9, Gentoo: 0.1 } },
        latencyMs: 2,
      },
      {
        ts: NOW - DAY,
        requestId: 'new',
        modelName: 'penguins',
        modelVersion: '2',
        inputs: { bill_length_mm: 50, island: 'Biscoe, "north"', sex: 'male' },
        outputs: { label: 'Gentoo', probabilities: { Adelie: 0.2, Gentoo: 0.8 } },
        latencyMs: 1.25,
      },
    ]);
    await store.close();
    reader = (await openPredictionReader(sqliteTarget(storePath))) as PredictionReader;
  });
  afterEach(async () => {
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes CSV with one column per feature and output, quoting where needed', async () => {
    const { out, text } = collect();
    const result = await exportPredictions({ reader, format: 'csv', out });
    expect(result.rows).toBe(2);
    expect(text().split('\n')).toEqual([
      'id,time,request_id,model_name,model_version,latency_ms,bill_length_mm,island,sex,label,proba_Adelie,proba_Gentoo',
      '1,2026-11-17T12:00:00.000Z,old,penguins,1,2,39.1,Torgersen,,Adelie,0.9,0.1',
      '2,2026-11-26T12:00:00.000Z,new,penguins,2,1.25,50,"Biscoe, ""north""",male,Gentoo,0.2,0.8',
      '',
    ]);
  });

  it('writes NDJSON, filtered by window and model version', async () => {
    const { out, text } = collect();
    await exportPredictions({ reader, format: 'ndjson', out, since: NOW - 7 * DAY, modelVersion: '2' });
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        id: 2,
        time: '2026-11-26T12:00:00.000Z',
        request_id: 'new',
        model_name: 'penguins',
        model_version: '2',
        latency_ms: 1.25,
        inputs: { bill_length_mm: 50, island: 'Biscoe, "north"', sex: 'male' },
        outputs: { label: 'Gentoo', probabilities: { Adelie: 0.2, Gentoo: 0.8 } },
      },
    ]);
  });

  it('resolves the store under the project root, parses --since 7d and writes the file atomically', async () => {
    const { out } = collect();
    const output = path.join(dir, 'exports', 'week.csv');
    const result = await runPredictionsExport({
      config: defaultConfig(),
      root: dir,
      format: 'csv',
      since: '7d',
      model: 'penguins',
      output,
      stdout: out,
      now: NOW,
    });
    expect(result).toEqual({
      rows: 1,
      format: 'csv',
      store: storePath,
      output,
      since: '2026-11-20T12:00:00.000Z',
      until: null,
    });
    expect(readFileSync(output, 'utf8').split('\n')[1]).toMatch(/^2,.*,new,/);
  });

  it('explains a missing store and a bad --since', async () => {
    const { out } = collect();
    const base = { config: defaultConfig(), format: 'csv' as const, stdout: out };
    await expect(runPredictionsExport({ ...base, root: path.join(dir, 'empty') })).rejects.toMatchObject({
      code: 'MLX_STORE_OPEN',
    });
    await expect(runPredictionsExport({ ...base, root: dir, since: 'last tuesday' })).rejects.toMatchObject({
      code: 'MLX_USAGE',
    });
  });

  it('quotes CSV cells only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
});
