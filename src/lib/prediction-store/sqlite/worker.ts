// The SQLite writer thread: every statement that may wait for the database lock runs here, so a process
// holding the lock never stalls the HTTP event loop. Self-contained on purpose (only node: modules at
// run time, and ../row-block, itself self-contained): Node loads it as a worker from src/ (type stripping)
// and from dist/ alike.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type * as RowBlockModule from '../row-block.js';
import type { RowBlock } from '../row-block.js';
import type { CommitPart, RowColumns, WorkerReply, WorkerRequest, WorkerSettings } from './protocol.js';

// The module's own file next to this one: the .ts source under src/, the compiled .js under dist/.
const { checkShaped, shapedText, uidText } = (await import(
  new URL(import.meta.url.endsWith('.ts') ? '../row-block.ts' : '../row-block.js', import.meta.url).href
)) as typeof RowBlockModule;

const settings = workerData as WorkerSettings;
/** Bytes per database page for a store this thread creates. */
const PAGE_SIZE = 16_384;
/** Rows per multi-row INSERT (8 parameters each). */
const GROUP = 50;
const port = parentPort;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isBusy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/i.test(message(error)) || (error as { errcode?: number }).errcode === 5;
}

function migrate(db: DatabaseSync, migrations: readonly string[]): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (current > migrations.length) {
      throw new Error(
        `its schema is version ${current}, newer than this mlx knows (${migrations.length}): upgrade mlx to write to it`,
      );
    }
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v] as string);
    db.exec(`PRAGMA user_version = ${migrations.length}`);
    db.exec('COMMIT');
    return migrations.length;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function open(): DatabaseSync {
  const db = new DatabaseSync(settings.path);
  db.exec(`PRAGMA busy_timeout = ${settings.busyTimeoutMs}`);
  // A new store gets 16 KiB pages (an existing one keeps its own: SQLite fixes the page size when it creates
  // the file): fewer pages written to the WAL per commit and copied at checkpoints, ~0.5 µs less CPU a row
  // on 1,000-row commits (`npm run bench -- store-write`: 1.85–2.10 against 2.40–2.90 µs, 2026-12-03).
  db.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
  db.exec('PRAGMA journal_mode = WAL');
  // sync durability: fsync at every commit (group commit amortises it); async: fsync at checkpoints only.
  db.exec(`PRAGMA synchronous = ${settings.synchronous}`);
  return db;
}

function reply(m: WorkerReply): void {
  port?.postMessage(m);
}

function start(): DatabaseSync | null {
  try {
    const db = open();
    reply({ type: 'ready', version: migrate(db, settings.migrations) });
    return db;
  } catch (error) {
    reply({ type: 'failed', message: message(error) });
    port?.close();
    return null;
  }
}

const started = start();
if (started) serve(started);

function serve(db: DatabaseSync): void {
  const sql = (rows: number) =>
    `INSERT OR IGNORE INTO predictions (uid, ts, request_id, model_name, model_version, inputs, outputs, latency_ms) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const insert = db.prepare(sql(1));
  // Rows are inserted GROUP at a time through one statement (then the rest one by one): fewer statement
  // runs for the same rows, 3.5 → 2.7–3.3 µs a row on 1,000-row batches, measured alone.
  const insertGroup = db.prepare(sql(GROUP));
  const params: (string | number)[] = new Array(GROUP * 8);
  /** Inserts `n` rows, `put(i, at)` writing row i's 8 parameters at params[at…]. */
  const insertRows = (n: number, put: (i: number, at: number) => void) => {
    let i = 0;
    for (; i + GROUP <= n; i += GROUP) {
      for (let j = 0; j < GROUP; j++) put(i + j, j * 8);
      insertGroup.run(...params);
    }
    for (; i < n; i++) {
      put(i, 0);
      insert.run(...params.slice(0, 8));
    }
  };
  /** A block's rows, their uids and JSON texts made here. */
  const insertBlock = (b: RowBlock) => {
    checkShaped(b.inputs, b.count);
    checkShaped(b.outputs, b.count);
    insertRows(b.count, (i, at) => {
      params[at] = uidText(b.uidPrefix, b.uidFirst + i);
      params[at + 1] = b.ts;
      params[at + 2] = b.requestId;
      params[at + 3] = b.modelName;
      params[at + 4] = b.modelVersion;
      params[at + 5] = shapedText(b.inputs, i);
      params[at + 6] = shapedText(b.outputs, i);
      params[at + 7] = b.latencyMs;
    });
  };
  const insertTexts = (c: RowColumns) => {
    const n = c.ts.length;
    if (n === 0) return;
    const uid = c.uid.split('\n');
    const inputs = c.inputs.split('\n');
    const outputs = c.outputs.split('\n');
    if (uid.length !== n || inputs.length !== n || outputs.length !== n)
      throw new Error(`a commit's texts do not split into its ${n} rows`);
    // Each row's run of shared fields (request id, model name and version): run[i] indexes c.runs.
    const run = new Uint32Array(n);
    let covered = 0;
    for (let r = 0; r < c.runs.rows.length; r++) {
      const end = covered + (c.runs.rows[r] as number);
      if (end > n) break;
      run.fill(r, covered, end);
      covered = end;
    }
    if (covered !== n) throw new Error(`a commit's runs do not cover exactly its ${n} rows`);
    const put = (i: number, at: number) => {
      const r = run[i] as number;
      params[at] = uid[i] as string;
      params[at + 1] = c.ts[i] as number;
      params[at + 2] = c.runs.requestId[r] as string;
      params[at + 3] = c.runs.modelName[r] as string;
      params[at + 4] = c.runs.modelVersion[r] as string;
      params[at + 5] = inputs[i] as string;
      params[at + 6] = outputs[i] as string;
      params[at + 7] = c.latencyMs[i] as number;
    };
    insertRows(n, put);
  };
  const commit = (parts: readonly CommitPart[]) => {
    if (parts.length === 0) return;
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const part of parts) {
        if ('block' in part) insertBlock(part.block);
        else insertTexts(part.texts);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
  port?.on('message', (m: WorkerRequest) => {
    if (m.type === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      commit(m.parts);
      reply({ type: 'committed', id: m.id });
    } catch (error) {
      reply({ type: 'error', id: m.id, message: message(error), busy: isBusy(error) });
    }
  });
}
