import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreFullError } from '../../../src/lib/prediction-store/errors.js';
import { openPredictionStore } from '../../../src/lib/prediction-store/open.js';
import {
  answerRelayedRows,
  createRelayStore,
  type RelayAck,
  type RelayChannel,
  type RelayRows,
} from '../../../src/lib/prediction-store/relay.js';
import type { RowBlock } from '../../../src/lib/prediction-store/row-block.js';
import { unpackRuns } from '../../../src/lib/prediction-store/rows.js';
import { sqliteTarget } from '../../../src/lib/prediction-store/target.js';
import type { PredictionStore, StoreDurability } from '../../../src/lib/prediction-store/types.js';
import { readSqliteStore, record } from './helpers.js';

// The worker and the owner of the store talk over a real message channel (structured clone, asynchronous),
// as a cluster worker and its primary do over IPC.
function channel<Out, In>(port: MessagePort): RelayChannel<Out, In> & { open: boolean } {
  const c = {
    open: true,
    send: (m: Out) => {
      if (!c.open) return false;
      port.postMessage(m);
      return true;
    },
    onMessage: (listener: (m: In) => void) => port.on('message', listener),
    onDisconnect: (listener: () => void) =>
      port.on('close', () => {
        c.open = false;
        listener();
      }),
  };
  return c;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(durability: StoreDurability, options: { ownerMax?: number; relayMax?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlx-relay-'));
  dirs.push(dir);
  const target = sqliteTarget(path.join(dir, 'predictions.sqlite'));
  const owner = await openPredictionStore(target, { durability, maxQueue: options.ownerMax ?? 50_000 });
  const { port1, port2 } = new MessageChannel();
  answerRelayedRows(owner, channel<RelayAck, RelayRows>(port1));
  const workerSide = channel<RelayRows, RelayAck>(port2);
  const relay = createRelayStore({
    channel: workerSide,
    target,
    location: target.location,
    durability,
    maxQueue: options.relayMax ?? 50_000,
    flushMs: 5,
    batchMax: 100,
  });
  return { dir, target, owner, relay, port1, port2 };
}

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => record(from + i));

describe('createRelayStore / answerRelayedRows (a cluster worker and the store owner)', () => {
  it('async: rows enqueued in the worker are committed by the owner, once each, in batches', async () => {
    // Given a relay in async durability
    const { relay, owner, target } = await setup('async');
    // When 250 rows arrive in 5 requests (more than one message's batch)
    for (let r = 0; r < 5; r++) await relay.enqueue(rows(r * 50, 50));
    // Then a flush commits every one of them in the owner's store
    await relay.flush(5_000);
    expect(owner.stats().written).toBe(250);
    expect(relay.stats()).toMatchObject({ queueDepth: 0, written: 0 });
    await relay.close();
    await owner.close();
    const stored = await readSqliteStore(target.location);
    expect(stored.map((s) => s.requestId)).toEqual(rows(0, 250).map((r) => r.requestId));
  });

  it('sync: enqueue settles only once the owner committed the rows', async () => {
    const { relay, owner, target } = await setup('sync');
    await relay.enqueue(rows(0, 3));
    // Settled = committed: a reader sees them at once
    expect((await readSqliteStore(target.location)).length).toBe(3);
    await relay.close();
    await owner.close();
  });

  it('a refusal (the owner is full) keeps the rows and sends them again; none is lost or doubled', async () => {
    // Given an owner that takes at most 10 waiting rows
    const { relay, owner, target } = await setup('async', { ownerMax: 10 });
    // When 40 rows arrive at once (the owner refuses the batches that do not fit)
    for (let i = 0; i < 4; i++) await relay.enqueue(rows(i * 10, 10));
    await relay.flush(10_000);
    // Then all 40 were committed, once each
    expect(relay.stats().failedFlushes).toBeGreaterThan(0);
    await relay.close();
    await owner.close();
    const ids = (await readSqliteStore(target.location)).map((s) => s.requestId);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });

  it("a batch request crosses as one RowBlock; refused, it is sent again in slices with the same uids; every row stored once, its JSON JSON.stringify's", async () => {
    // Given an owner that takes at most 150 waiting rows, and a worker whose messages are spied on
    const { relay, owner, target } = await setup('async', { ownerMax: 150 });
    // When a 300-row request of one shape is relayed (messages of at most 100 rows; the owner refuses some)
    const batch = Array.from({ length: 300 }, (_, i) =>
      record(1, { requestId: 'batch', inputs: { x: i, island: i % 3 ? 'Dream' : 'Biscoe "n"' } }),
    );
    await relay.enqueue(batch);
    await relay.flush(10_000);
    await relay.close();
    await owner.close();
    // Then every row is stored once with its fields (a refused message may land after a later one)
    expect(relay.stats().failedFlushes).toBeGreaterThan(0);
    const stored = (await readSqliteStore(target.location)).map(({ id: _id, ...rest }) => rest);
    const byX = (r: { inputs: Record<string, unknown> }) => Number(r.inputs.x);
    expect(stored.sort((a, b) => byX(a) - byX(b))).toEqual(batch);
  });

  it('rows sent in a block and never answered are spilled at the close with the uids they were sent with', async () => {
    // Given a link that takes messages and never answers, then goes down
    const sent: RelayRows[] = [];
    let disconnect = () => {};
    const dir = mkdtempSync(path.join(tmpdir(), 'mlx-relay-'));
    dirs.push(dir);
    const target = sqliteTarget(path.join(dir, 'predictions.sqlite'));
    const relay = createRelayStore({
      channel: {
        send: (m) => {
          sent.push(structuredClone(m));
          return true;
        },
        onMessage: () => {},
        onDisconnect: (listener) => {
          disconnect = listener;
        },
      },
      target,
      location: target.location,
      durability: 'async',
      maxQueue: 1000,
      flushMs: 1,
      batchMax: 500,
    });
    const batch = Array.from({ length: 80 }, (_, i) => record(1, { requestId: 'batch', inputs: { x: i } }));
    await relay.enqueue(batch);
    await expect.poll(() => sent.length).toBe(1);
    const [block] = sent[0]?.rows ?? [];
    expect(block).toMatchObject({ kind: 'block', count: 80 });
    disconnect();
    // When the worker closes
    const report = await relay.close({ deadline: Date.now() + 500 });
    // Then the spill file holds the 80 rows with the block's uids and texts
    expect(report.spilled).toBe(80);
    const lines = readFileSync(report.spillFile ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.uid)).toEqual(unpackRuns([block as RowBlock]).map((r) => r.uid));
    expect(lines.map((l) => l.inputs)).toEqual(batch.map((r) => r.inputs));
  });

  it('after the owner said it was full, the worker asks again and takes rows once the owner has drained', async () => {
    // Given an owner and a worker that take at most 100 waiting rows, the owner's answer to 100 rows saying full
    const { relay, owner } = await setup('async', { ownerMax: 100, relayMax: 100 });
    await relay.enqueue(rows(0, 100));
    await expect.poll(() => relay.stats().queueDepth).toBe(0);
    await owner.flush();
    // When the worker checks room for more with nothing left to send: refused at first (the last known depth),
    // then taken once the owner's answer to its question says it has room
    expect(() => relay.checkRoom(10)).toThrow(StoreFullError);
    await expect
      .poll(() => {
        try {
          relay.checkRoom(10);
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    await relay.enqueue(rows(100, 10));
    await relay.flush(5_000);
    expect(owner.stats().written).toBe(110);
    await relay.close();
    await owner.close();
  });

  it('the worker refuses a request it could not log (503) when its own queue is full', async () => {
    const { relay, owner } = await setup('async', { relayMax: 5 });
    await relay.enqueue(rows(0, 5));
    expect(() => relay.checkRoom(1)).toThrow(StoreFullError);
    await expect(async () => relay.enqueue(rows(5, 1))).rejects.toThrow(StoreFullError);
    await relay.close();
    await owner.close();
  });

  it('the owner gone: a close writes the rows to a spill file, which the next start of the store ingests', async () => {
    // Given rows waiting in the worker when the owner's end of the link closes
    const { relay, owner, target, port1, dir } = await setup('async');
    await owner.close();
    port1.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await relay.enqueue(rows(0, 7)).catch(() => {});
    // When the worker closes
    const report = await relay.close({ deadline: Date.now() + 1_000 });
    // Then its rows are in a spill file of that store
    expect(report).toMatchObject({ spilled: 7 });
    expect(readdirSync(dir).filter((f) => f.includes('.spill-'))).toHaveLength(1);
    // And the next writer that opens the store ingests them
    const next: PredictionStore = await openPredictionStore(target);
    expect(next.stats().ingested).toBe(7);
    await next.close();
    expect((await readSqliteStore(target.location)).map((s) => s.requestId)).toEqual(
      rows(0, 7).map((r) => r.requestId),
    );
  });
});
