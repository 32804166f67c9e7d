// The PostgreSQL backend against a real PostgreSQL 15 (Debian), started by this test: migrations, batched
// idempotent writes from several stores at once, sync durability, readers, and the same rows as SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  exportPredictions,
  openPredictionReader,
  openPredictionStore,
  POSTGRES_MIGRATIONS,
  type PredictionReader,
  type StoreTarget,
  sqliteTarget,
} from '../../../src/lib/prediction-store/index.js';
import { connectionSettings, describePostgres } from '../../../src/lib/prediction-store/postgres/client.js';
import { type PostgresServer, requirePostgres, startPostgres } from '../../integration/postgres.js';
import { record } from './helpers.js';

const enabled = requirePostgres();

describe('PostgreSQL connection settings', () => {
  it('reads the URL first, then the standard PG* variables, and never shows the password', () => {
    const env = { PGHOST: 'db.internal', PGPORT: '6543', PGUSER: 'envuser', PGPASSWORD: 'envpw', PGDATABASE: 'envdb' };
    expect(connectionSettings('', env)).toMatchObject({
      host: 'db.internal',
      port: 6543,
      user: 'envuser',
      password: 'envpw',
      database: 'envdb',
      ssl: false,
    });
    expect(connectionSettings('postgres://u:p%40ss@h:5433/d?sslmode=require', env)).toMatchObject({
      host: 'h',
      port: 5433,
      user: 'u',
      password: 'p@ss',
      database: 'd',
      ssl: 'require',
    });
    expect(connectionSettings('postgres://u@/d?host=/cloudsql/proj:europe-west1:inst', {})).toMatchObject({
      host: '/cloudsql/proj:europe-west1:inst',
      user: 'u',
    });
    expect(describePostgres('postgres://u:secret@h:5433/d', {})).toBe('postgres://u:***@h:5433/d');
    expect(describePostgres('', env)).not.toContain('envpw');
    expect(() => connectionSettings('mysql://u:secret@h/d', {})).toThrow(/must start with postgres/);
    expect(() => connectionSettings('postgres://u:secret@h:notaport/d', {})).toThrow(
      expect.objectContaining({ code: 'MLX_CONFIG_INVALID', message: expect.not.stringContaining('secret') }),
    );
  });
});

describe.skipIf(!enabled)('PostgreSQL prediction store (real server)', () => {
  let pg: PostgresServer;
  let spillDir: string;
  let target: StoreTarget;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
  }, 120_000);
  afterAll(() => pg?.stop());
  beforeEach(() => {
    spillDir = mkdtempSync(path.join(os.tmpdir(), 'mlx-pg-spill-'));
    target = { backend: 'postgres', location: pg.url, spillDir, env: {} };
    pg.psql('DROP TABLE IF EXISTS predictions; DROP TABLE IF EXISTS mlx_schema_migrations;');
    return () => rmSync(spillDir, { recursive: true, force: true });
  });

  async function reader(): Promise<PredictionReader> {
    const r = await openPredictionReader(target);
    if (!r) throw new Error('no store');
    return r;
  }

  it('applies the versioned migrations once, even when two servers start at the same moment', async () => {
    const [a, b] = await Promise.all([openPredictionStore(target), openPredictionStore(target)]);
    expect(pg.psql('SELECT version FROM mlx_schema_migrations ORDER BY version').trim().split('\n')).toEqual(
      POSTGRES_MIGRATIONS.map((_, i) => String(i + 1)),
    );
    expect(
      pg.psql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'predictions' ORDER BY ordinal_position",
      ),
    ).toBe('id\nts\nrequest_id\nmodel_name\nmodel_version\ninputs\noutputs\nlatency_ms\nuid\n');
    expect(a.location).toBe(describePostgres(pg.url, {}));
    await a.close();
    await b.close();
  });

  it('round-trips records in batches, filters them and streams them like the SQLite store', async () => {
    const store = await openPredictionStore(target, { batchMax: 7 });
    const records = Array.from({ length: 30 }, (_, i) => record(i, { modelVersion: i < 20 ? '1' : '2' }));
    await store.enqueue(records);
    await store.close();
    const r = await reader();
    expect(await r.count()).toBe(30);
    const rows = await r.query();
    expect(rows.map(({ id: _id, ...rest }) => rest)).toEqual(records);
    // json (not jsonb) keeps each object's key order, as SQLite's text does.
    expect(Object.keys(rows[0]?.inputs ?? {})).toEqual(['bill_length_mm', 'island']);
    expect((await r.query({ since: 1_005, until: 1_008 })).map((p) => p.requestId)).toEqual([
      'req-5',
      'req-6',
      'req-7',
    ]);
    expect(await r.count({ modelVersion: '2' })).toBe(10);
    const streamed: string[] = [];
    for await (const p of r.iterate({ limit: 2 })) streamed.push(p.requestId);
    expect(streamed).toEqual(['req-0', 'req-1']);

    // The same records through the SQLite backend export to the same NDJSON (ids aside).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-pg-sqlite-'));
    const sqlite = await openPredictionStore(sqliteTarget(path.join(dir, 'p.sqlite')));
    await sqlite.enqueue(records);
    await sqlite.close();
    const sqliteReader = await openPredictionReader(sqliteTarget(path.join(dir, 'p.sqlite')));
    const ndjson = async (from: PredictionReader | null) => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (c) => (text += String(c)));
      if (from) await exportPredictions({ reader: from, format: 'ndjson', out });
      return text;
    };
    expect(await ndjson(r)).toBe(await ndjson(sqliteReader));
    await sqliteReader?.close();
    rmSync(dir, { recursive: true, force: true });
    await r.close();
  });

  it("stores a batch request's rows (queued as columns) with the JSON texts JSON.stringify gives", async () => {
    // Given a 200-row request of one shape (a RowBlock in the queue: PostgreSQL gets its rows as texts)
    const store = await openPredictionStore(target, { batchMax: 5000 });
    const records = Array.from({ length: 200 }, (_, i) =>
      record(1, {
        requestId: 'batch',
        inputs: { island: i % 2 ? 'Dream' : 'Biscoe "x"', bill_length_mm: i % 5 ? 40 + i / 7 : null },
      }),
    );
    await store.enqueue(records);
    await store.close();
    // Then every row is its record, in order, and its text is JSON.stringify's
    const r = await reader();
    expect((await r.query()).map(({ id: _id, ...rest }) => rest)).toEqual(records);
    await r.close();
    // As json objects (not JSON strings): SQL over the table sees their fields.
    expect(pg.psql("SELECT inputs FROM predictions WHERE request_id = 'batch' ORDER BY id").trim().split('\n')).toEqual(
      records.map((x) => JSON.stringify(x.inputs)),
    );
    expect(pg.psql("SELECT DISTINCT json_typeof(inputs) || ' ' || json_typeof(outputs) FROM predictions").trim()).toBe(
      'object object',
    );
  });

  it('repairs rows an older mlx stored as JSON strings (schema version 3): SQL then sees their objects', async () => {
    // Given a store at schema version 2 holding a row whose inputs and outputs are JSON strings of the objects
    for (const statement of [...(POSTGRES_MIGRATIONS[0] ?? []), ...(POSTGRES_MIGRATIONS[1] ?? [])]) pg.psql(statement);
    pg.psql(
      'CREATE TABLE mlx_schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); INSERT INTO mlx_schema_migrations (version) VALUES (1), (2)',
    );
    pg.psql(
      `INSERT INTO predictions (uid, ts, request_id, model_name, model_version, inputs, outputs, latency_ms) VALUES ('old', 1, 'r', 'm', '1', to_json('{"island":"Dream","x":1.5}'::text), to_json('{"label":"Adelie"}'::text), 2)`,
    );
    expect(pg.psql("SELECT json_typeof(inputs) FROM predictions WHERE uid = 'old'").trim()).toBe('string');
    // When a store opens it
    const store = await openPredictionStore(target);
    await store.close();
    // Then the row holds the objects, their text unchanged, and reads back as before
    expect(
      pg.psql("SELECT json_typeof(inputs), inputs->>'island', outputs FROM predictions WHERE uid = 'old'").trim(),
    ).toBe('object|Dream|{"label":"Adelie"}');
    const r = await reader();
    expect((await r.query())[0]).toMatchObject({ inputs: { island: 'Dream', x: 1.5 }, outputs: { label: 'Adelie' } });
    await r.close();
  });

  it('stores every row exactly once while several stores write at the same time (sync durability)', async () => {
    const stores = await Promise.all([0, 1, 2].map(() => openPredictionStore(target, { durability: 'sync' })));
    const r = await reader();
    const writes = Array.from({ length: 300 }, (_, i) =>
      (stores[i % 3] ?? stores[0])?.enqueue([record(i), record(i + 1000)]).then(async () => {
        // sync: committed (visible to another connection) once the promise settles.
        expect(await r.count({ since: 1_000 + i, until: 1_001 + i })).toBe(1);
      }),
    );
    await Promise.all(writes);
    for (const s of stores) await s.close();
    expect(await r.count()).toBe(600);
    expect(pg.psql('SELECT COUNT(DISTINCT request_id) FROM predictions').trim()).toBe('600');
    expect(stores.reduce((n, s) => n + s.stats().written, 0)).toBe(600);
    // Group commit: concurrent requests shared transactions (one multi-row INSERT each).
    expect(stores.reduce((n, s) => n + s.stats().commits, 0)).toBeLessThan(300);
    await r.close();
  });

  it('spills when the database is unreachable at the deadline; the next start ingests the file once', async () => {
    const store = await openPredictionStore(target, { flushMs: 60_000 });
    await store.enqueue([record(1), record(2)]);
    // Another session holds an exclusive lock on the table: the INSERT waits past the close deadline.
    const blocker = import('node:child_process').then(({ spawn }) =>
      spawn('psql', [
        '-X',
        '-d',
        pg.url,
        '-c',
        'BEGIN; LOCK TABLE predictions IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;',
      ]),
    );
    const child = await blocker;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const report = await store.close({ deadline: Date.now() + 800 });
    expect(report).toMatchObject({ spilled: 2, flushed: 0 });
    await new Promise((resolve) => child.on('exit', resolve));
    const next = await openPredictionStore(target);
    expect(next.stats().ingested).toBe(2);
    await next.close();
    const r = await reader();
    expect((await r.query()).map((p) => p.requestId)).toEqual(['req-1', 'req-2']);
    await r.close();
  }, 30_000);

  it('says when the store does not exist yet or the server cannot be reached', async () => {
    expect(await openPredictionReader(target, { missingOk: true })).toBeNull();
    await expect(openPredictionReader(target)).rejects.toMatchObject({ code: 'MLX_STORE_OPEN' });
    const down = { ...target, location: 'postgres://postgres@127.0.0.1:1/postgres' };
    await expect(openPredictionStore(down)).rejects.toMatchObject({
      code: 'MLX_STORE_OPEN',
      message: expect.stringContaining('postgres://postgres@127.0.0.1:1/postgres'),
    });
  });
});
