import type { Logger } from '../logging.js';
import { StoreClosedError, StoreFullError, StoreSpillError, StoreWriteError } from './errors.js';
import { appendRuns, packRange, packRows, rowCount, toRowBlock, toStoreRow, unpackRuns } from './rows.js';
import type {
  PackedRows,
  PredictionRecord,
  PredictionStoreStats,
  RelayedRows,
  StoreCloseReport,
  StoreDurability,
  StoreRow,
  StoreSink,
} from './types.js';

export interface WriteQueueOptions {
  sink: StoreSink;
  /** For messages (no password). */
  where: string;
  durability: StoreDurability;
  /** Rows that may wait; beyond that `enqueue` throws StoreFullError (the request answers 503). */
  maxQueue: number;
  /** async: milliseconds between commits while fewer than `batchMax` rows wait. */
  flushMs: number;
  /** Rows per transaction. */
  batchMax: number;
  /** Writes rows that cannot be committed before a close deadline; returns the file (throws StoreSpillError). */
  spill: (rows: readonly StoreRow[]) => string;
  logger?: Logger | undefined;
}

interface Ticket {
  /** Entries of the request not committed yet (a request of more than batchMax rows is queued in parts). */
  remaining: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One enqueue's rows: a request's records, then their runs once encoded. */
interface Entry {
  /** Rows. */
  count: number;
  /**
   * The records until they are all encoded (then null): the rows of a request of DEFER_ROWS rows or more
   * are encoded right after its answer (setImmediate), or when their commit is built if that comes first,
   * so the answer does not wait for them: as one RowBlock (0.2 ms of a 1,000-row batch), else row by row,
   * ENCODE_SLICE rows a turn (their JSON: 0.7 ms); the few rows of a small request are encoded at once
   * (deferring them saves nothing and, under a load of single-row requests, kept ~17 MiB more RSS:
   * measured). The queue bounds the rows either way; a validated record always encodes.
   */
  records: readonly PredictionRecord[] | null;
  /** Records [0, done) are encoded into `runs`. */
  done: number;
  /** The rows as written, packed (see RowRun, RowBlock). */
  runs: PackedRows[];
  /** sync durability: the request waiting for these rows' commit. */
  ticket: Ticket | null;
}

/** Requests with at least this many rows have their rows encoded after the answer (see Entry). */
const DEFER_ROWS = 64;
/** Deferred rows encoded per turn of the event loop (~0.15 ms of JSON). */
const ENCODE_SLICE = 128;

/**
 * Encodes up to `limit` more of the entry's records; returns how many it encoded. A deferred entry is first
 * tried as one RowBlock, all at once (a pass over its values: ~0.1 ms for 1,000 rows), its texts then made
 * by the SQLite writer thread; entries of another shape are encoded row by row.
 */
const encodeSome = (e: Entry, limit: number): number => {
  if (e.records === null) return 0;
  // Tried once: a call that finds no block goes on to encode some rows (done > 0 after it).
  if (e.done === 0) {
    const block = toRowBlock(e.records);
    if (block) {
      e.runs.push(block);
      e.done = e.records.length;
      e.records = null;
      return block.count;
    }
  }
  const end = Math.min(e.records.length, e.done + limit);
  const n = end - e.done;
  appendRuns(e.runs, packRows(e.records.slice(e.done, end).map(toStoreRow)));
  e.done = end;
  if (end === e.records.length) e.records = null;
  return n;
};

const runsOf = (e: Entry): PackedRows[] => {
  encodeSome(e, Number.POSITIVE_INFINITY);
  return e.runs;
};

const RESOLVED = Promise.resolve();

/** A timer promise that can be cancelled (so that a finished wait never holds the process). */
function sleep(ms: number): { done: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  return { done, cancel: () => clearTimeout(timer) };
}

/**
 * The backend-independent write path: a bounded queue, one transaction in flight at a time (requests that
 * arrive meanwhile share the next one: group commit), failed commits retried with backoff (rows stay
 * queued), and a close that commits until its deadline and spills the rest.
 */
export function createWriteQueue(o: WriteQueueOptions) {
  let pending: Entry[] = [];
  /** Rows in `pending`. */
  let pendingRows = 0;
  let inFlight: Promise<boolean> | null = null;
  /** Cancels the scheduled commit (set while one is scheduled). */
  let timer: (() => void) | undefined;
  let closed = false;
  let generation = 0;
  let urgent = false;
  let failStreak = 0;
  let written = 0;
  let commits = 0;
  let failedFlushes = 0;
  let spilled = 0;
  let closing: Promise<StoreCloseReport> | undefined;
  let encoding: NodeJS.Immediate | undefined;
  /** Entries [0, encoded) of `pending` are encoded (appends go after it; commits drop from the front). */
  let encoded = 0;

  /**
   * Encodes the rows that wait unencoded, after the current request's answer is out, ENCODE_SLICE rows
   * per turn of the event loop: a request that arrives meanwhile (a client sending batches one after
   * another) is handled between two slices instead of waiting for the whole batch's JSON (~1.3 ms).
   */
  const encodeSoon = () => {
    encoding ??= setImmediate(() => {
      encoding = undefined;
      let budget = ENCODE_SLICE;
      while (budget > 0 && encoded < pending.length) {
        const e = pending[encoded] as Entry;
        budget -= encodeSome(e, budget);
        if (e.records === null) encoded++;
      }
      if (encoded < pending.length) encodeSoon();
    });
  };

  const backoffMs = () => Math.min(50 * 2 ** Math.max(0, failStreak - 1), 2000);

  const settle = (entries: readonly Entry[]) => {
    for (const e of entries) {
      if (e.ticket && --e.ticket.remaining === 0) e.ticket.resolve();
    }
  };

  /** Commits the oldest rows in one transaction; true when it committed. Never rejects. */
  const commitBatch = async (): Promise<boolean> => {
    const gen = generation;
    // Whole entries (each at most batchMax rows), up to batchMax rows.
    let take = 1;
    let rows = pending[0]?.count ?? 0;
    while (take < pending.length && rows + (pending[take] as Entry).count <= o.batchMax) {
      rows += (pending[take] as Entry).count;
      take++;
    }
    const batch = pending.slice(0, take);
    try {
      await o.sink.commit(batch.flatMap(runsOf));
    } catch (error) {
      failedFlushes++;
      failStreak++;
      if (failStreak === 1) {
        o.logger?.warn('prediction store write failed; the rows stay queued and are retried', {
          store: o.where,
          error: error instanceof Error ? error.message : String(error),
          queued: pendingRows,
        });
      }
      return false;
    }
    // A close that gave up waiting has spilled these rows already (the uid keeps them single).
    if (gen !== generation) return true;
    pending = pending.slice(batch.length);
    pendingRows -= rows;
    encoded = Math.max(0, encoded - batch.length);
    written += rows;
    commits++;
    settle(batch);
    if (failStreak > 0) {
      o.logger?.info('prediction store writes resumed', { store: o.where, failed_attempts: failStreak });
      failStreak = 0;
    }
    return true;
  };

  const start = (): Promise<boolean> => {
    const run = commitBatch();
    inFlight = run;
    void run.then(() => {
      inFlight = null;
      pump();
    });
    return run;
  };

  function cancelTimer(): void {
    timer?.();
    timer = undefined;
  }

  /** Makes sure a commit is scheduled while rows wait. */
  function pump(): void {
    if (inFlight || timer || pending.length === 0 || urgent || generation < 0) return;
    const delay = failStreak > 0 ? backoffMs() : o.durability === 'sync' || pendingRows >= o.batchMax ? 0 : o.flushMs;
    const run = () => {
      timer = undefined;
      if (!inFlight) start();
    };
    // The server's socket keeps the process alive; close() drives the last commits itself. No delay: on the
    // next turn of the event loop (a zero timeout waits at least 1 ms, per commit of a backlog).
    if (delay === 0) {
      const handle = setImmediate(run).unref();
      timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(run, delay).unref();
      timer = () => clearTimeout(handle);
    }
  }

  /** Commits until nothing waits or the deadline passes; true when everything is committed. */
  const drain = async (deadline: number): Promise<boolean> => {
    urgent = true;
    cancelTimer();
    try {
      while (pending.length > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        const run = inFlight ?? start();
        const wait = sleep(left);
        const ok = await Promise.race([run, wait.done.then(() => true)]);
        wait.cancel();
        if (!ok) {
          const pause = sleep(Math.min(backoffMs(), deadline - Date.now()));
          await pause.done;
        }
      }
      return true;
    } finally {
      urgent = false;
      pump();
    }
  };

  /** Throws what `enqueue` of `rows` rows would throw now (StoreClosedError, StoreFullError); queues nothing. */
  const checkRoom = (rows: number): void => {
    if (closed) throw new StoreClosedError();
    if (pendingRows + rows > o.maxQueue) throw new StoreFullError(pendingRows, o.maxQueue);
  };

  /**
   * Checks the room for `count` rows and queues them as entries of at most batchMax rows (`part` makes the
   * entry of rows [start, end)) under one ticket in sync durability; schedules their commit.
   */
  const push = (count: number, part: (start: number, end: number) => Omit<Entry, 'ticket'>): Promise<void> => {
    checkRoom(count);
    if (count === 0) return RESOLVED;
    let ticket: Ticket | null = null;
    let done = RESOLVED;
    if (o.durability === 'sync') {
      done = new Promise<void>((resolve, reject) => {
        ticket = { remaining: Math.ceil(count / o.batchMax), resolve, reject };
      });
    }
    for (let start = 0; start < count; start += o.batchMax) {
      const entry = part(start, Math.min(count, start + o.batchMax));
      pending.push({ ...entry, ticket });
      if (entry.records !== null) encodeSoon();
    }
    pendingRows += count;
    pump();
    return done;
  };

  /** The whole of `items` when [start, end) is all of it, else that slice. */
  const slice = <T>(items: readonly T[], start: number, end: number): readonly T[] =>
    start === 0 && end === items.length ? items : items.slice(start, end);

  return {
    checkRoom,

    enqueue(records: readonly PredictionRecord[]): Promise<void> {
      return push(records.length, (start, end) => {
        const part = slice(records, start, end);
        return records.length < DEFER_ROWS
          ? { count: part.length, records: null, done: part.length, runs: packRows(part.map(toStoreRow)) }
          : { count: part.length, records: part, done: 0, runs: [] };
      });
    },

    /**
     * Queues rows encoded elsewhere (a cluster worker's relay: text rows and batch requests' blocks), with the
     * same room check and durability.
     */
    enqueueRows(rows: readonly RelayedRows[]): Promise<void> {
      return push(rowCount(rows), (start, end) => ({
        count: end - start,
        records: null,
        done: end - start,
        runs: packRange(rows, start, end),
      }));
    },

    /** Commits everything queued now, or throws StoreWriteError after `timeoutMs`. */
    async flush(timeoutMs = 30_000): Promise<void> {
      if (!(await drain(Date.now() + timeoutMs))) {
        throw new StoreWriteError(o.where, `${pendingRows} rows still queued after ${timeoutMs} ms`, false);
      }
    },

    close(deadline: number): Promise<StoreCloseReport> {
      closing ??= (async () => {
        closed = true;
        const before = written;
        const flushed = await drain(deadline);
        const left = pending;
        const leftRows = pendingRows;
        generation = -1; // no more commits from the queue; a commit still in flight changes nothing
        pending = [];
        pendingRows = 0;
        encoded = 0;
        if (encoding) clearImmediate(encoding);
        cancelTimer();
        let spillFile: string | null = null;
        try {
          if (!flushed && left.length > 0) {
            const rows = unpackRuns(left.flatMap(runsOf));
            try {
              spillFile = o.spill(rows);
            } catch (error) {
              const failure =
                error instanceof StoreSpillError ? error : new StoreSpillError(o.where, rows.length, error);
              for (const e of left) e.ticket?.reject(failure);
              throw failure;
            }
            spilled += rows.length;
            // A spilled row is on disk (fsync), as durable as a committed one: the waiting requests may answer.
            for (const e of left) e.ticket?.resolve();
            o.logger?.warn('shutdown deadline: unflushed prediction rows written to the spill file', {
              store: o.where,
              rows: rows.length,
              file: spillFile,
            });
          }
        } finally {
          await o.sink.close();
        }
        return { flushed: written - before, spilled: leftRows > 0 && !flushed ? leftRows : 0, spillFile };
      })();
      return closing;
    },

    stats(): Omit<PredictionStoreStats, 'ingested'> {
      return { queueDepth: pendingRows, maxQueue: o.maxQueue, written, commits, failedFlushes, spilled };
    },
  };
}
