// `npm run bench -- store-write [batches] [rounds]`: what writing 1,000-row commits to the SQLite
// prediction store costs, through the real sink (src/lib/prediction-store/sqlite: the writer thread):
// the main thread's part of each commit (building the message from the queued runs and posting it), the writer thread's CPU
// per row (from /proc), and wall time per row. Three variants side by side, interleaved rounds: a new store
// (created by mlx: 16 KiB pages) and one created with 4 KiB pages, as stores made before 2026-12-03 are,
// both committing text runs (rows of several requests; a batch whose rows are not of one shape); and a new
// store committing each request as a RowBlock, as `mlx serve` queues a batch request since 2026-12-04 (its
// rows' JSON texts made by the writer thread).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Prediction } from '../src/lib/contracts.js';
import { packRows, toRowBlock, toStoreRow } from '../src/lib/prediction-store/rows.js';
import { SQLITE_MIGRATIONS } from '../src/lib/prediction-store/sqlite/migrations.js';
import { openSqliteSink } from '../src/lib/prediction-store/sqlite/sink.js';
import type { PackedRows, PredictionRecord } from '../src/lib/prediction-store/types.js';
import { machineInfo, printTable, spread, spreadText, writeResult } from './lib.js';

const batches = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 5);
const ROWS = 1000;

/** CPU milliseconds of this process's threads named `name` (Linux /proc). */
function threadCpuMs(name: string): number {
  let ticks = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

/** A 1,000-row request's records (penguins inputs, 3-class predictions). */
function requestRecords(batch: number): PredictionRecord[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const p = Math.fround(0.5 + (i % 97) / 200);
    const outputs: Prediction = {
      label: 'Adelie',
      probabilities: { Adelie: p, Chinstrap: Math.fround((1 - p) * 0.7), Gentoo: Math.fround((1 - p) * 0.3) },
    };
    return {
      ts: 1_764_700_000_000 + batch,
      requestId: `bench-batch-${batch}`,
      modelName: 'penguins',
      modelVersion: '3',
      inputs: {
        island: 'Torgersen',
        bill_length_mm: 39.1 + (i % 10) / 10,
        bill_depth_mm: 18.7,
        flipper_length_mm: 181,
        body_mass_g: 3000 + i,
        sex: i % 2 ? 'MALE' : 'FEMALE',
      },
      outputs,
      latencyMs: 1.25,
    };
  });
}

/**
 * The request's rows as the write queue packs them before the commit (not timed here): one text run, or
 * one RowBlock.
 */
function packed(records: readonly PredictionRecord[], as: 'runs' | 'block'): PackedRows[] {
  if (as === 'runs') return packRows(records.map(toStoreRow));
  const block = toRowBlock(records);
  if (!block) throw new Error('the bench request did not make a RowBlock');
  return [block];
}

interface Variant {
  name: string;
  /** How each request's rows reach the sink. */
  as: 'runs' | 'block';
  /** Prepares `file` before the sink opens it (or leaves it absent: a new store). */
  prepare: (file: string) => void;
  mainMsPerCommit: number[];
  writerUsPerRow: number[];
  wallUsPerRow: number[];
  pageSize: number[];
}

const variants: Variant[] = [
  { name: 'new store (mlx creates it), text runs', as: 'runs' as const, prepare: () => {} },
  { name: 'new store, a RowBlock per request', as: 'block' as const, prepare: () => {} },
  {
    name: 'store created with 4 KiB pages, text runs',
    as: 'runs' as const,
    prepare: (file: string) => {
      const db = new DatabaseSync(file);
      db.exec('PRAGMA page_size = 4096');
      db.exec('PRAGMA journal_mode = WAL');
      for (const m of SQLITE_MIGRATIONS) db.exec(m);
      db.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length}`);
      db.close();
    },
  },
].map((v) => ({ ...v, mainMsPerCommit: [], writerUsPerRow: [], wallUsPerRow: [], pageSize: [] }));

const records = Array.from({ length: batches }, (_, b) => requestRecords(b));
const loadBefore = os.loadavg();
const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-store-write-'));
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const file = path.join(dir, `store-${round}-${variants.indexOf(v)}.sqlite`);
      v.prepare(file);
      const data = records.map((r) => packed(r, v.as));
      const sink = await openSqliteSink(file, 'async');
      const writer0 = threadCpuMs('WorkerThread');
      const start = performance.now();
      let mainMs = 0;
      for (const rows of data) {
        const t = performance.now();
        const done = sink.commit(rows);
        mainMs += performance.now() - t;
        await done;
      }
      const wallMs = performance.now() - start;
      const writerMs = threadCpuMs('WorkerThread') - writer0;
      await sink.close();
      const db = new DatabaseSync(file, { readOnly: true });
      const { page_size } = db.prepare('PRAGMA page_size').get() as { page_size: number };
      const { n } = db.prepare('SELECT count(*) AS n FROM predictions').get() as { n: number };
      db.close();
      if (n !== batches * ROWS) throw new Error(`${v.name}: ${n} rows stored, expected ${batches * ROWS}`);
      v.mainMsPerCommit.push(mainMs / batches);
      v.writerUsPerRow.push((writerMs * 1000) / (batches * ROWS));
      v.wallUsPerRow.push((wallMs * 1000) / (batches * ROWS));
      v.pageSize.push(page_size);
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const loadAfter = os.loadavg();

console.log(
  `\nSQLite store writes: ${batches} commits of ${ROWS} rows per store, ${rounds} interleaved rounds, medians (min–max); load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`,
);
printTable(
  ['store', 'page size', 'main thread ms per commit', 'writer thread CPU µs per row', 'wall µs per row'],
  variants.map((v) => [
    v.name,
    String(v.pageSize[0]),
    spreadText(v.mainMsPerCommit, 3),
    spreadText(v.writerUsPerRow, 2),
    spreadText(v.wallUsPerRow, 2),
  ]),
);
const out = writeResult('store-write', {
  date: new Date().toISOString(),
  machine: machineInfo(),
  loadBefore,
  loadAfter,
  batches,
  rowsPerCommit: ROWS,
  rounds,
  variants: variants.map((v) => ({
    name: v.name,
    pageSize: v.pageSize[0],
    mainMsPerCommit: spread(v.mainMsPerCommit),
    writerUsPerRow: spread(v.writerUsPerRow),
    wallUsPerRow: spread(v.wallUsPerRow),
  })),
});
console.log(`\nwritten to ${out}`);
