// The SQLite backend end to end: the writer thread, versioned migrations, group commit, the lock of
// another process, the shutdown spill file and its ingestion by the next start.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openPredictionReader,
  openPredictionStore,
  type PredictionReader,
  SQLITE_MIGRATIONS,
  StoreClosedError,
  StoreFullError,
  sqliteTarget,
} from '../../../src/lib/prediction-store/index.js';
import { readSqliteStore, record } from './helpers.js';
import { holdSqliteLock } from './lock.js';

async function reader(file: string): Promise<PredictionReader> {
  const r = await openPredictionReader(sqliteTarget(file));
  if (!r) throw new Error('no store');
  return r;
}

async function requestIds(file: string): Promise<string[]> {
  const r = await reader(file);
  try {
    return (await r.query()).map((p) => p.requestId);
  } finally {
    await r.close();
  }
}

describe('SQLite prediction store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-store-'));
    file = path.join(dir, 'var', 'predictions.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the versioned schema in WAL mode and round-trips records', async () => {
    const store = await openPredictionStore(sqliteTarget(file));
    expect(store).toMatchObject({ backend: 'sqlite', location: file, durability: 'async' });
    await store.enqueue([record(1), record(2)]);
    expect(store.stats().queueDepth).toBe(2);
    await store.flush();
    expect(store.stats()).toMatchObject({ queueDepth: 0, written: 2, spilled: 0 });
    const rows = await store.query();
    expect(rows).toEqual([
      { id: 1, ...record(1) },
      { id: 2, ...record(2) },
    ]);
    expect(await store.close()).toEqual({ flushed: 0, spilled: 0, spillFile: null });

    const db = new DatabaseSync(file, { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SQLITE_MIGRATIONS.length });
    const columns = (db.prepare('PRAGMA table_info(predictions)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual([
      'id',
      'ts',
      'request_id',
      'model_name',
      'model_version',
      'inputs',
      'outputs',
      'latency_ms',
      'uid',
    ]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type='index' ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'predictions_ts' }, { name: 'predictions_uid' }]);
    db.close();
  });

  it('migrates a store written before schema versions existed, keeping its rows', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const legacy = new DatabaseSync(file);
    legacy.exec(SQLITE_MIGRATIONS[0] ?? '');
    legacy
      .prepare(
        "INSERT INTO predictions (ts, request_id, model_name, model_version, inputs, outputs, latency_ms) VALUES (5, 'legacy', 'm', '1', '{}', '{\"value\":1}', 1)",
      )
      .run();
    legacy.close();
    const store = await openPredictionStore(sqliteTarget(file));
    await store.enqueue([record(9)]);
    await store.close();
    expect(await requestIds(file)).toEqual(['legacy', 'req-9']);
  });

  it('refuses a store whose schema is newer than this mlx knows', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    await expect(openPredictionStore(sqliteTarget(file))).rejects.toMatchObject({
      code: 'MLX_STORE_OPEN',
      message: expect.stringMatching(/newer than this mlx knows/),
    });
  });

  it('commits queued rows in the background without an explicit flush', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { flushMs: 5 });
    await store.enqueue([record(1)]);
    const r = await reader(file);
    await expect.poll(() => r.count(), { timeout: 2000 }).toBe(1);
    await r.close();
    await store.close();
  });

  it('writes more than one batch, a transaction each, and reads them in time order', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { batchMax: 7 });
    await store.enqueue(Array.from({ length: 30 }, (_, i) => record(i)));
    await store.close();
    const r = await reader(file);
    expect(await r.count()).toBe(30);
    expect((await r.query({ limit: 3 })).map((p) => p.requestId)).toEqual(['req-0', 'req-1', 'req-2']);
    const streamed: string[] = [];
    for await (const p of r.iterate({ since: 1_028 })) streamed.push(p.requestId);
    expect(streamed).toEqual(['req-28', 'req-29']);
    await r.close();
  });

  it('commits a request of many rows (inserted by groups, then the rest) with every field in row order', async () => {
    // Given 123 rows in one transaction (two groups of 50 and 23 single inserts in the writer thread)
    const store = await openPredictionStore(sqliteTarget(file), { batchMax: 500 });
    const records = Array.from({ length: 123 }, (_, i) =>
      record(i, { latencyMs: i / 8, modelVersion: String(i % 3), inputs: { x: i, s: `row "${i}",\n` } }),
    );
    await store.enqueue(records);
    await store.close();
    // Then each stored row is its record, in order
    const stored = (await readSqliteStore(file)).map(({ id: _id, ...rest }) => rest);
    expect(stored).toEqual(records);
  });

  it('stores the request id, model name and version of every row when a commit mixes requests and models', async () => {
    // Given one transaction of rows in runs: 60 rows of one request, a model reload in its middle, then
    // single-row requests, then a request seen before again
    const store = await openPredictionStore(sqliteTarget(file), { batchMax: 500 });
    const records = [
      ...Array.from({ length: 60 }, (_, i) =>
        record(i, { requestId: 'batch-a', modelVersion: i < 25 ? '1' : '2', latencyMs: i }),
      ),
      ...Array.from({ length: 7 }, (_, i) => record(60 + i, { modelName: i % 2 ? 'penguins' : 'other' })),
      ...Array.from({ length: 3 }, (_, i) => record(67 + i, { requestId: 'batch-a' })),
    ];
    await store.enqueue(records);
    await store.close();
    // Then each stored row is its record, in order
    const stored = (await readSqliteStore(file)).map(({ id: _id, ...rest }) => rest);
    expect(stored).toEqual(records);
  });

  it("writes a batch request's rows from their columns in the writer thread: the texts JSON.stringify gives, in order among other requests", async () => {
    // Given a single-row request, a 1,000-row request (one time, id and latency: kept as columns, its texts
    // made by the writer thread), another single-row request, and a batch of another shape (encoded row by row)
    const store = await openPredictionStore(sqliteTarget(file), { batchMax: 5000 });
    const batch = Array.from({ length: 1000 }, (_, i) =>
      record(1, {
        requestId: 'batch',
        inputs: {
          island: ['Biscoe', 'Dream', 'Tørgersen "x"'][i % 3] as string,
          bill_length_mm: i % 7 ? 40 + i / 3 : null,
        },
        outputs: { label: 'Gentoo', probabilities: { Adelie: i / 1e3, Gentoo: 1 - i / 1e3 } },
      }),
    );
    const mixed = Array.from({ length: 70 }, (_, i) =>
      record(3, { requestId: 'mixed', inputs: i % 2 ? { x: i } : { y: String(i) } }),
    );
    const records = [record(0), ...batch, record(2), ...mixed];
    await store.enqueue([record(0)]);
    await store.enqueue(batch);
    await store.enqueue([record(2)]);
    await store.enqueue(mixed);
    await store.close();
    // Then every row is its record, in order, its JSON exactly JSON.stringify's, and each uid its own
    const stored = (await readSqliteStore(file)).map(({ id: _id, ...rest }) => rest);
    expect(stored).toEqual(records);
    const db = new DatabaseSync(file, { readOnly: true });
    const raw = db.prepare('SELECT uid, inputs, outputs FROM predictions ORDER BY id').all() as {
      uid: string;
      inputs: string;
      outputs: string;
    }[];
    db.close();
    expect(raw.map((r) => r.inputs)).toEqual(records.map((r) => JSON.stringify(r.inputs)));
    expect(raw.map((r) => r.outputs)).toEqual(records.map((r) => JSON.stringify(r.outputs)));
    expect(new Set(raw.map((r) => r.uid)).size).toBe(records.length);
  });

  it("spills a batch request's rows it cannot commit by the close deadline, each line its row", async () => {
    const store = await openPredictionStore(sqliteTarget(file), { flushMs: 10 });
    await store.enqueue([record(0)]);
    await store.flush();
    const lock = await holdSqliteLock(file, 3000);
    const batch = Array.from({ length: 100 }, (_, i) => record(1, { requestId: 'batch', inputs: { x: i } }));
    await store.enqueue(batch);
    const report = await store.close({ deadline: Date.now() + 300 });
    expect(report).toMatchObject({ spilled: 100, flushed: 0 });
    const lines = readFileSync(report.spillFile ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.inputs)).toEqual(batch.map((r) => r.inputs));
    await lock.released;
    const next = await openPredictionStore(sqliteTarget(file));
    expect(next.stats().ingested).toBe(100);
    await next.close();
    expect(await requestIds(file)).toEqual(['req-0', ...Array(100).fill('batch')]);
  }, 20_000);

  it('creates a new store with 16 KiB pages and leaves an existing store its own', async () => {
    const store = await openPredictionStore(sqliteTarget(file));
    await store.close();
    const pageSize = (f: string) => {
      const db = new DatabaseSync(f, { readOnly: true });
      try {
        return db.prepare('PRAGMA page_size').get();
      } finally {
        db.close();
      }
    };
    expect(pageSize(file)).toEqual({ page_size: 16_384 });

    const older = path.join(dir, 'older.sqlite');
    const db = new DatabaseSync(older);
    db.exec('PRAGMA page_size = 4096; PRAGMA journal_mode = WAL');
    for (const m of SQLITE_MIGRATIONS) db.exec(m);
    db.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length}`);
    db.close();
    const again = await openPredictionStore(sqliteTarget(older));
    await again.enqueue([record(1)]);
    await again.close();
    expect(pageSize(older)).toEqual({ page_size: 4096 });
    expect(await requestIds(older)).toEqual(['req-1']);
  });

  it('checkRoom refuses what enqueue would refuse, and queues nothing', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { maxQueue: 3, flushMs: 60_000 });
    await store.enqueue([record(1), record(2)]);
    expect(() => store.checkRoom(2)).toThrow(StoreFullError);
    store.checkRoom(1);
    expect(store.stats().queueDepth).toBe(2);
    await store.close();
    expect(() => store.checkRoom(1)).toThrow(StoreClosedError);
  });

  it('refuses records beyond the bounded queue instead of dropping them, and after close', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { maxQueue: 3, flushMs: 60_000 });
    await store.enqueue([record(1), record(2)]);
    expect(() => store.enqueue([record(3), record(4)])).toThrow(StoreFullError);
    await store.enqueue([record(3)]);
    await store.close();
    expect(() => store.enqueue([record(5)])).toThrow(StoreClosedError);
    expect(await requestIds(file)).toEqual(['req-1', 'req-2', 'req-3']);
  });

  it('filters by time window, model name and version', async () => {
    const store = await openPredictionStore(sqliteTarget(file));
    await store.enqueue([
      record(1, { ts: 100 }),
      record(2, { ts: 200, modelVersion: '2' }),
      record(3, { ts: 300, modelName: 'other' }),
    ]);
    await store.flush();
    expect((await store.query({ since: 150 })).map((r) => r.ts)).toEqual([200, 300]);
    expect((await store.query({ until: 200 })).map((r) => r.ts)).toEqual([100]);
    expect((await store.query({ modelVersion: '2' })).map((r) => r.ts)).toEqual([200]);
    expect((await store.query({ modelName: 'other' })).map((r) => r.ts)).toEqual([300]);
    await store.close();
    const r = await reader(file);
    expect(await r.count({ since: 150, modelName: 'penguins' })).toBe(1);
    await r.close();
  });

  it('sync durability: enqueue settles only once the rows are committed (concurrent calls share commits)', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { durability: 'sync' });
    const r = await reader(file);
    const calls = Array.from({ length: 50 }, (_, i) =>
      store.enqueue([record(i)]).then(async () => {
        // Committed means visible to another connection at the moment the promise settles.
        expect(await r.count({ since: 1_000 + i, until: 1_001 + i })).toBe(1);
      }),
    );
    await Promise.all(calls);
    expect(store.stats()).toMatchObject({ written: 50, queueDepth: 0 });
    await r.close();
    await store.close();
  });

  it('keeps the event loop free while another process holds the write lock, then commits everything', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { flushMs: 10 });
    const lock = await holdSqliteLock(file, 2500);
    await store.enqueue(Array.from({ length: 20 }, (_, i) => record(i)));
    // The event loop keeps turning: timers fire on time while the writer thread waits for the lock.
    let maxLag = 0;
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      maxLag = Math.max(maxLag, performance.now() - start - 20);
    }
    expect(store.stats().queueDepth).toBe(20);
    expect(maxLag).toBeLessThan(500);
    await lock.released;
    await store.flush(10_000);
    expect(store.stats().failedFlushes).toBeGreaterThan(0);
    await store.close();
    expect(await requestIds(file)).toHaveLength(20);
  }, 20_000);

  it('spills what it cannot commit by the close deadline; the next start ingests it exactly once', async () => {
    const store = await openPredictionStore(sqliteTarget(file), { flushMs: 10, durability: 'sync' });
    await store.enqueue([record(0)]);
    const lock = await holdSqliteLock(file, 3000);
    const waiting = store.enqueue([record(1), record(2)]);
    const report = await store.close({ deadline: Date.now() + 500 });
    // The spilled rows are on disk: the waiting (sync) request may answer.
    await waiting;
    expect(report).toMatchObject({ spilled: 2, flushed: 0 });
    const spill = report.spillFile ?? '';
    expect(path.dirname(spill)).toBe(path.dirname(file));
    expect(path.basename(spill)).toMatch(/^predictions\.sqlite\.spill-\d+-\d+\.ndjson$/);
    const lines = readFileSync(spill, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.request_id)).toEqual(['req-1', 'req-2']);
    expect(lines[0]).toMatchObject({ inputs: record(1).inputs, outputs: record(1).outputs, uid: expect.any(String) });
    await lock.released;

    // A copy of the file, as if a crash had left it claimed by a dead process: ingested once all the same.
    const abandoned = path.join(path.dirname(file), 'predictions.sqlite.spill-1-999999999.ndjson.ingesting-999999999');
    writeFileSync(abandoned, readFileSync(spill));
    const next = await openPredictionStore(sqliteTarget(file));
    expect(next.stats().ingested).toBe(4);
    await next.close();
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('.spill-'))).toEqual([]);
    expect(await requestIds(file)).toEqual(['req-0', 'req-1', 'req-2']);
  }, 20_000);

  it('ingests the sound lines of a damaged spill file and counts the others as malformed', async () => {
    // Given a spill file with good rows among a line cut short, a uid holding a newline and a row without outputs
    mkdirSync(path.dirname(file), { recursive: true });
    const good = (i: number) =>
      JSON.stringify({
        uid: `u.${i}`,
        ts: 1_000 + i,
        request_id: `req-${i}`,
        model_name: 'penguins',
        model_version: '1',
        inputs: record(i).inputs,
        outputs: record(i).outputs,
        latency_ms: 1.5,
      });
    const lines = [
      good(1),
      '{"uid":"u.x","ts":',
      good(2).replace('"u.2"', '"u.\\n2"'),
      good(3).replace(/,"outputs":\{[^}]*\}\}/, ''),
      good(4),
    ];
    writeFileSync(path.join(path.dirname(file), 'predictions.sqlite.spill-1-1.ndjson'), `${lines.join('\n')}\n`);
    // When a store opens on it
    const store = await openPredictionStore(sqliteTarget(file));
    await store.close();
    // Then the two sound rows are stored and the file is gone
    expect(store.stats().ingested).toBe(2);
    expect(await requestIds(file)).toEqual(['req-1', 'req-4']);
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('.spill-'))).toEqual([]);
  });

  it('explains a missing or foreign store file', async () => {
    await expect(openPredictionReader(sqliteTarget(path.join(dir, 'nope.sqlite')))).rejects.toThrow(
      /Cannot open the prediction store/,
    );
    expect(await openPredictionReader(sqliteTarget(path.join(dir, 'nope.sqlite')), { missingOk: true })).toBeNull();
    const foreign = path.join(dir, 'foreign.sqlite');
    writeFileSync(foreign, 'not a database at all, just text that is long enough to be a header.........');
    await expect(openPredictionReader(sqliteTarget(foreign))).rejects.toMatchObject({ code: 'MLX_STORE_OPEN' });
    await expect(openPredictionStore(sqliteTarget(foreign))).rejects.toMatchObject({ code: 'MLX_STORE_OPEN' });
    expect(existsSync(foreign)).toBe(true);
  });
});
