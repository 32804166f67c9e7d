import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openPredictionStore,
  openPredictionStoreReadOnly,
  type PredictionRecord,
  StoreClosedError,
  StoreFullError,
} from '../../../src/lib/prediction-store/index.js';

function record(i: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    ts: 1_000 + i,
    requestId: `req-${i}`,
    modelName: 'penguins',
    modelVersion: '1',
    inputs: { bill_length_mm: 40 + i, island: 'Biscoe' },
    outputs: { label: 'Adelie', probabilities: { Adelie: 0.9, Gentoo: 0.1 } },
    latencyMs: 1.5,
    ...overrides,
  };
}

describe('prediction store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-store-'));
    file = path.join(dir, 'var', 'predictions.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the fixed schema in WAL mode and round-trips records', () => {
    const store = openPredictionStore({ path: file });
    store.enqueue([record(1), record(2)]);
    expect(store.stats().queueDepth).toBe(2);
    store.flush();
    expect(store.stats()).toMatchObject({ queueDepth: 0, written: 2 });
    const rows = store.query();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ id: 1, ...record(1) });
    store.close();

    const db = new DatabaseSync(file, { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    const columns = (db.prepare('PRAGMA table_info(predictions)').all() as { name: string; notnull: number }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual([
      'id',
      'ts',
      'request_id',
      'model_name',
      'model_version',
      'inputs',
      'outputs',
      'latency_ms',
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type='index'").all()).toEqual([{ name: 'predictions_ts' }]);
    db.close();
  });

  it('commits queued rows in the background without an explicit flush', async () => {
    const store = openPredictionStore({ path: file, flushMs: 5 });
    store.enqueue([record(1)]);
    const reader = openPredictionStoreReadOnly(file);
    await expect.poll(() => reader.count(), { timeout: 2000 }).toBe(1);
    reader.close();
    store.close();
  });

  it('writes more than one batch, a transaction each', () => {
    const store = openPredictionStore({ path: file, batchSize: 7 });
    store.enqueue(Array.from({ length: 30 }, (_, i) => record(i)));
    store.close();
    const reader = openPredictionStoreReadOnly(file);
    expect(reader.count()).toBe(30);
    expect(reader.query({ limit: 3 }).map((r) => r.requestId)).toEqual(['req-0', 'req-1', 'req-2']);
    reader.close();
  });

  it('refuses records beyond the bounded queue instead of dropping them', () => {
    const store = openPredictionStore({ path: file, maxQueue: 3 });
    store.enqueue([record(1), record(2)]);
    expect(() => store.enqueue([record(3), record(4)])).toThrow(StoreFullError);
    store.enqueue([record(3)]);
    store.close();
    expect(() => store.enqueue([record(5)])).toThrow(StoreClosedError);
    const reader = openPredictionStoreReadOnly(file);
    expect(reader.query().map((r) => r.requestId)).toEqual(['req-1', 'req-2', 'req-3']);
    reader.close();
  });

  it('filters by time window, model name and version', () => {
    const store = openPredictionStore({ path: file });
    store.enqueue([
      record(1, { ts: 100 }),
      record(2, { ts: 200, modelVersion: '2' }),
      record(3, { ts: 300, modelName: 'other' }),
    ]);
    store.flush();
    expect(store.query({ since: 150 }).map((r) => r.ts)).toEqual([200, 300]);
    expect(store.query({ until: 200 }).map((r) => r.ts)).toEqual([100]);
    expect(store.query({ modelVersion: '2' }).map((r) => r.ts)).toEqual([200]);
    expect(store.query({ modelName: 'other' }).map((r) => r.ts)).toEqual([300]);
    store.close();
    const reader = openPredictionStoreReadOnly(file);
    expect(reader.count({ since: 150, modelName: 'penguins' })).toBe(1);
    expect([...reader.iterate({ since: 150 })].map((r) => r.requestId)).toEqual(['req-2', 'req-3']);
    reader.close();
  });

  it('reads while the writer is open (WAL) and sees later commits', () => {
    const store = openPredictionStore({ path: file });
    store.enqueue([record(1)]);
    store.flush();
    const reader = openPredictionStoreReadOnly(file);
    expect(reader.count()).toBe(1);
    store.enqueue([record(2)]);
    store.flush();
    expect(reader.count()).toBe(2);
    reader.close();
    store.close();
  });

  it('explains a missing or foreign store file', () => {
    expect(() => openPredictionStoreReadOnly(path.join(dir, 'nope.sqlite'))).toThrow(
      /Cannot open the prediction store/,
    );
    const foreign = path.join(dir, 'foreign.sqlite');
    writeFileSync(foreign, 'not a database at all, just text that is long enough to be a header.........');
    expect(() => openPredictionStoreReadOnly(foreign)).toThrow(expect.objectContaining({ code: 'MLX_STORE_OPEN' }));
    expect(() => openPredictionStore({ path: foreign })).toThrow(expect.objectContaining({ code: 'MLX_STORE_OPEN' }));
  });
});
