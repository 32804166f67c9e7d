import type { Logger } from '../logging.js';
import { StoreClosedError, StoreFullError } from './errors.js';
import { openPredictionReader } from './open.js';
import type { RowBlock } from './row-block.js';
import { ownBlock, sliceBlock } from './row-block.js';
import { blockRow, isBlock, rowCount, toRowBlock, toStoreRow } from './rows.js';
import { spillRows } from './spill.js';
import type {
  PredictionReader,
  PredictionRecord,
  PredictionStore,
  RelayedRows,
  StoreCloseReport,
  StoreDurability,
  StoreRow,
  StoreTarget,
} from './types.js';

/**
 * Rows a worker hands to the process that owns the store (text rows, and a batch request's rows as one
 * RowBlock: typed arrays cross the IPC link as they are, `serialization: 'advanced'`); `flush` asks for a
 * commit before the answer.
 */
export interface RelayRows {
  type: 'mlx:store-rows';
  id: number;
  rows: RelayedRows[];
  flush: boolean;
}

/**
 * The owner's answer: the rows are queued (`async`) or committed (`sync`, or `flush`), or refused (`error`:
 * the worker keeps them and sends them again). `depth` is the owner's queue, for the worker's room check.
 */
export interface RelayAck {
  type: 'mlx:store-ack';
  id: number;
  depth: number;
  error: string | null;
}

/** A message link to the other process (a cluster worker's `process`, or the primary's `Worker`). */
export interface RelayChannel<Out, In> {
  /** False when the link is gone (the message was not sent). */
  send(message: Out): boolean;
  onMessage(listener: (message: In) => void): void;
  onDisconnect(listener: () => void): void;
}

export interface RelayStoreOptions {
  channel: RelayChannel<RelayRows, RelayAck>;
  /** The store the owner writes: its location for messages and readers, its spill folder for a close. */
  target: StoreTarget;
  location: string;
  durability: StoreDurability;
  /** Rows that may wait here (unsent or unanswered); beyond that `enqueue` throws StoreFullError. */
  maxQueue: number;
  /** async: milliseconds between sends while fewer than `batchMax` rows wait. */
  flushMs: number;
  /** Rows per message. */
  batchMax: number;
  logger?: Logger | undefined;
}

interface Entry {
  /** The record until it is encoded (at send time, after the request's answer in async mode). */
  record: PredictionRecord | null;
  row: StoreRow | null;
  /** The block this row was first sent in, and its index there: a resend or a spill keeps its uid. */
  block: { of: RowBlock; at: number } | null;
  /** sync: resolves the waiting request once the owner committed the row (or it was spilled at a close). */
  done: { resolve: () => void; reject: (error: Error) => void; remaining: number } | null;
}

const rowOf = (e: Entry): StoreRow => {
  e.row ??= e.block ? blockRow(e.block.of, e.block.at) : toStoreRow(e.record as PredictionRecord);
  e.record = null;
  return e.row;
};

/** Requests of at least this many rows go as one RowBlock (as the write queue keeps them: see write-queue.ts). */
const BLOCK_ROWS = 64;

/** Whether two waiting records belong to one request (toRowBlock checks the rest). */
const sameRequest = (a: Entry, b: Entry): boolean =>
  a.record !== null &&
  b.record !== null &&
  a.block === null &&
  b.block === null &&
  a.record.requestId === b.record.requestId &&
  a.record.ts === b.record.ts;

/**
 * The message's rows for these entries: a request's records still unencoded (BLOCK_ROWS or more) as one
 * RowBlock (each entry then remembers its place in it), entries sent before in a block as that block's slice,
 * every other entry as its text row.
 */
function encodeEntries(batch: readonly Entry[]): RelayedRows[] {
  const out: RelayedRows[] = [];
  for (let i = 0; i < batch.length; ) {
    const e = batch[i] as Entry;
    let end = i + 1;
    if (e.block) {
      const { of, at } = e.block;
      while (end < batch.length && batch[end]?.block?.of === of && batch[end]?.block?.at === at + (end - i)) end++;
      out.push(sliceBlock(of, at, at + (end - i)));
      i = end;
      continue;
    }
    while (end < batch.length && sameRequest(e, batch[end] as Entry)) end++;
    const block =
      end - i >= BLOCK_ROWS ? toRowBlock(batch.slice(i, end).map((x) => x.record as PredictionRecord)) : null;
    if (!block) {
      out.push(rowOf(e));
      i++;
      continue;
    }
    for (let k = i; k < end; k++) {
      const x = batch[k] as Entry;
      x.block = { of: block, at: k - i };
      x.record = null;
    }
    out.push(block);
    i = end;
  }
  return out;
}

/**
 * The prediction store of a cluster worker (`serve.workers` > 1): the rows are encoded here and sent, in
 * batches every `flushMs`, to the primary process, which owns the one writer; the worker reads the store
 * through its own reader (drift). Refused or unanswered rows stay here and are sent again; a close sends
 * what waits until its deadline and writes the rest to a spill file of the store (fsync), which the next
 * start ingests (with what was never answered, when the link went down). `stats().written` stays 0:
 * the owner counts the commits.
 */
export function createRelayStore(o: RelayStoreOptions): PredictionStore {
  let waiting: Entry[] = [];
  const inFlight = new Map<number, Entry[]>();
  let inFlightRows = 0;
  let ownerDepth = 0;
  let nextId = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let connected = true;
  let closed = false;
  let failStreak = 0;
  let failedFlushes = 0;
  let spilled = 0;
  /** Rows per message: halved after a refusal (a batch larger than the owner's free room never fits), regrown. */
  let limit = o.batchMax;
  /** Rows the owner took. */
  let handed = 0;
  let closing: Promise<StoreCloseReport> | undefined;
  let reader: Promise<PredictionReader | null> | undefined;
  const flushWaiters = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** Called on every answer and on a disconnect: a close or a flush re-checks what is left. */
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of [...changed]) listener();
  };

  const settle = (entries: readonly Entry[]) => {
    for (const e of entries) if (e.done && --e.done.remaining === 0) e.done.resolve();
  };

  /** Sends the oldest waiting rows in one message (nothing when the link is down: it then marks it so). */
  const send = () => {
    if (!connected) return;
    const batch = waiting.slice(0, limit);
    const id = nextId++;
    if (!o.channel.send({ type: 'mlx:store-rows', id, rows: encodeEntries(batch), flush: false })) {
      connected = false;
      return;
    }
    waiting = waiting.slice(batch.length);
    inFlight.set(id, batch);
    inFlightRows += batch.length;
  };

  const schedule = () => {
    if (timer || waiting.length === 0 || !connected) return;
    const run = () => {
      timer = undefined;
      while (waiting.length > 0 && connected) send();
    };
    const delay =
      failStreak > 0
        ? Math.min(50 * 2 ** (failStreak - 1), 2000)
        : o.durability === 'sync' || waiting.length >= o.batchMax
          ? 0
          : o.flushMs;
    timer = delay === 0 ? setImmediate(run) : setTimeout(run, delay);
    // The server's socket keeps the process alive; a close sends the last rows itself.
    timer.unref();
  };

  o.channel.onMessage((m) => {
    if (m?.type !== 'mlx:store-ack') return;
    const batch = inFlight.get(m.id);
    if (!batch) return;
    inFlight.delete(m.id);
    inFlightRows -= batch.length;
    ownerDepth = m.depth;
    const flushed = flushWaiters.get(m.id);
    flushWaiters.delete(m.id);
    if (batch.length === 0 && !flushed) {
      // The answer to a question about the depth (probe): nothing was sent, nothing to retry.
      schedule();
      notify();
      return;
    }
    if (m.error === null) {
      failStreak = 0;
      handed += batch.length;
      limit = Math.min(o.batchMax, limit * 2);
      settle(batch);
      flushed?.resolve();
    } else {
      // Refused (the owner's queue is full, or it is closing): kept, and sent again after a backoff.
      if (failStreak++ === 0)
        o.logger?.warn('prediction rows refused by the store owner; retrying', { error: m.error });
      failedFlushes++;
      limit = Math.max(1, Math.floor(batch.length / 2));
      waiting = [...batch, ...waiting];
      flushed?.reject(new Error(m.error));
    }
    schedule();
    notify();
  });
  o.channel.onDisconnect(() => {
    connected = false;
    // Unanswered rows may or may not have reached the store: a close spills them (their uid keeps them single).
    for (const [id, batch] of inFlight) {
      waiting.push(...batch);
      flushWaiters.get(id)?.reject(new StoreClosedError('The process that owns the prediction store is gone'));
    }
    inFlight.clear();
    flushWaiters.clear();
    inFlightRows = 0;
    notify();
  });

  /**
   * Asks the owner for its queue depth (an empty message; its answer carries the depth). The depth is only
   * known from the owner's answers: without this, a worker whose last answer said "full" and that had nothing
   * more to send would refuse every request (503) after the owner had drained, since no answer would come to
   * say so (seen under a flood of 1,000-row batches through `serve.workers: 2`: no row stored for seconds).
   */
  const probe = () => {
    if (!connected || inFlight.size > 0) return;
    const id = nextId++;
    if (o.channel.send({ type: 'mlx:store-rows', id, rows: [], flush: false })) inFlight.set(id, []);
  };

  const checkRoom = (rows: number) => {
    if (closed) throw new StoreClosedError();
    const here = waiting.length + inFlightRows;
    const depth = Math.max(here, ownerDepth + waiting.length);
    if (depth + rows > o.maxQueue) {
      probe();
      throw new StoreFullError(depth, o.maxQueue);
    }
  };

  /** Resolves once `ready()` holds, or false at `deadline`. */
  const until = async (ready: () => boolean, deadline: number): Promise<boolean> => {
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          changed.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, Math.min(left, 100));
        changed.add(wake);
      });
    }
    return true;
  };

  /** Sends what waits now (not while refusals back off: the scheduled retry sends then). */
  const sendWaiting = () => {
    if (failStreak > 0) return;
    while (waiting.length > 0 && connected) send();
  };
  const handedOver = () => (waiting.length === 0 && inFlight.size === 0) || !connected;

  const close = async (deadline: number): Promise<StoreCloseReport> => {
    closed = true;
    const before = handed;
    const ok = await until(() => {
      sendWaiting();
      return handedOver();
    }, deadline);
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = undefined;
    }
    const left = [...waiting, ...[...inFlight.values()].flat()];
    waiting = [];
    let spillFile: string | null = null;
    if (left.length > 0) {
      const rows = left.map(rowOf);
      try {
        spillFile = spillRows(o.target, rows);
      } catch (error) {
        for (const e of left) e.done?.reject(error as Error);
        throw error;
      }
      spilled += rows.length;
      for (const e of left) e.done?.resolve();
      o.logger?.warn('shutdown: prediction rows the store owner did not take were written to the spill file', {
        rows: rows.length,
        file: spillFile,
        reason: ok ? 'store owner gone' : 'deadline',
      });
    }
    const open = await reader?.catch(() => null);
    await open?.close();
    return { flushed: handed - before, spilled: left.length, spillFile };
  };

  return {
    backend: o.target.backend,
    location: o.location,
    durability: o.durability,
    checkRoom,
    enqueue(records) {
      checkRoom(records.length);
      if (records.length === 0) return Promise.resolve();
      let done: Entry['done'] = null;
      const answered =
        o.durability === 'sync'
          ? new Promise<void>((resolve, reject) => {
              done = { resolve, reject, remaining: records.length };
            })
          : Promise.resolve();
      for (const record of records) waiting.push({ record, row: null, block: null, done });
      schedule();
      return answered;
    },
    enqueueRows(rows) {
      checkRoom(rowCount(rows));
      for (const r of rows) {
        if (!isBlock(r)) waiting.push({ record: null, row: r, block: null, done: null });
        else
          for (let at = 0; at < r.count; at++)
            waiting.push({ record: null, row: null, block: { of: r, at }, done: null });
      }
      schedule();
      return Promise.resolve();
    },
    async flush(timeoutMs = 30_000) {
      const ok = await until(() => {
        sendWaiting();
        return handedOver();
      }, Date.now() + timeoutMs);
      if (!ok || !connected) {
        throw new StoreClosedError(`${waiting.length + inFlightRows} prediction rows not handed to the store owner`);
      }
      // Everything is with the owner: ask it to commit what it holds, and wait for that.
      const id = nextId++;
      const committed = new Promise<void>((resolve, reject) => flushWaiters.set(id, { resolve, reject }));
      inFlight.set(id, []);
      if (!o.channel.send({ type: 'mlx:store-rows', id, rows: [], flush: true })) {
        inFlight.delete(id);
        flushWaiters.delete(id);
        throw new StoreClosedError('The process that owns the prediction store is gone');
      }
      await committed;
    },
    close(options = {}) {
      closing ??= close(options.deadline ?? Date.now() + 30_000);
      return closing;
    },
    async query(q) {
      reader ??= openPredictionReader(o.target, { missingOk: true });
      return (await (await reader)?.query(q)) ?? [];
    },
    stats: () => ({
      queueDepth: waiting.length + inFlightRows,
      maxQueue: o.maxQueue,
      written: 0,
      commits: 0,
      failedFlushes,
      spilled,
      ingested: 0,
    }),
  };
}

/**
 * The owner's side: queues every batch a worker relays into `store` and answers it (once queued, or once
 * committed in `sync` durability or when the batch asks for a flush). Refusals (full, closed) are answered
 * as errors; the worker keeps those rows.
 */
export function answerRelayedRows(
  store: PredictionStore,
  channel: Pick<RelayChannel<RelayAck, RelayRows>, 'send' | 'onMessage'>,
): void {
  const answer = (id: number, error: string | null) =>
    channel.send({ type: 'mlx:store-ack', id, depth: store.stats().queueDepth, error });
  channel.onMessage((m) => {
    if (m?.type !== 'mlx:store-rows') return;
    let queued: Promise<void>;
    try {
      queued = store.enqueueRows(m.rows.map((r) => (isBlock(r) ? ownBlock(r) : r)));
    } catch (error) {
      answer(m.id, error instanceof Error ? error.message : String(error));
      return;
    }
    queued
      .then(() => (m.flush ? store.flush() : undefined))
      .then(
        () => answer(m.id, null),
        (error: unknown) => answer(m.id, error instanceof Error ? error.message : String(error)),
      );
  });
}
