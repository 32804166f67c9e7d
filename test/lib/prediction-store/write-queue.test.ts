import { describe, expect, it } from 'vitest';
import type { PackedRows, PredictionRecord, RowRun, StoreSink } from '../../../src/lib/prediction-store/types.js';
import { createWriteQueue, type WriteQueueOptions } from '../../../src/lib/prediction-store/write-queue.js';

/** A record whose inputs count how often they are turned into JSON. */
function countedRecord(counter: { json: number }): PredictionRecord {
  return {
    ts: 1,
    requestId: 'r',
    modelName: 'm',
    modelVersion: '1',
    inputs: {
      toJSON() {
        counter.json++;
        return { x: 1 };
      },
    } as unknown as PredictionRecord['inputs'],
    outputs: { value: 2 },
    latencyMs: 0.5,
  };
}

/** A queue of up to 1,000 rows over a sink that commits with `commit`. */
function queueOn(
  commit: StoreSink['commit'],
  o: Pick<WriteQueueOptions, 'durability' | 'flushMs' | 'batchMax'>,
): ReturnType<typeof createWriteQueue> {
  return createWriteQueue({
    sink: { commit, async close() {} },
    where: 'test',
    maxQueue: 1000,
    spill: () => 'unused',
    ...o,
  });
}

describe('createWriteQueue (async durability)', () => {
  it("encodes a large request's rows once, after enqueue has returned (not on the answer path), into one run; a retried commit sends the same rows", async () => {
    // Given a sink whose first commit fails
    const commits: PackedRows[][] = [];
    let attempts = 0;
    const queue = queueOn(
      async (runs) => {
        attempts++;
        commits.push([...runs]);
        if (attempts === 1) throw new Error('database is locked');
      },
      { durability: 'async', flushMs: 60_000, batchMax: 100 },
    );
    const counter = { json: 0 };

    // When a 100-row request is enqueued, its JSON is not made yet: it is made on the next turn of the event loop
    await queue.enqueue(Array.from({ length: 100 }, () => countedRecord(counter)));
    expect(counter.json).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.json).toBe(100);

    // Then the flush commits them as one run of 100 rows (the retry after the failed commit sends the same
    // run: same uids)
    await queue.flush(5_000);
    expect(counter.json).toBe(100);
    expect(commits).toHaveLength(2);
    expect(commits[1]).toEqual(commits[0]);
    const run = commits[1]?.[0] as RowRun | undefined;
    expect(run?.count).toBe(100);
    expect(run?.inputs.split('\n')).toEqual(Array(100).fill('{"x":1}'));
    expect(new Set(run?.uid.split('\n')).size).toBe(100);
    expect(queue.stats().written).toBe(100);

    // And a one-row request is encoded at once (nothing to gain by waiting)
    await queue.enqueue([countedRecord(counter)]);
    expect(counter.json).toBe(101);
    await queue.close(Date.now() + 1000);
  });
});

describe('createWriteQueue (a batch request as a row block)', () => {
  it('keeps a large request of plain rows as one block made after enqueue returned; a retried commit sends the same block (same uids)', async () => {
    // Given a sink whose first commit fails
    const commits: PackedRows[][] = [];
    const queue = queueOn(
      async (packed) => {
        commits.push([...packed]);
        if (commits.length === 1) throw new Error('database is locked');
      },
      { durability: 'async', flushMs: 60_000, batchMax: 500 },
    );
    const records: PredictionRecord[] = Array.from({ length: 200 }, (_, i) => ({
      ts: 9,
      requestId: 'batch',
      modelName: 'm',
      modelVersion: '1',
      inputs: { x: i, island: 'Biscoe' },
      outputs: { label: 'a', probabilities: { a: 1, b: 0 } },
      latencyMs: 2,
    }));

    // When a 200-row request is enqueued, then a one-row request
    await queue.enqueue(records);
    await queue.enqueue([countedRecord({ json: 0 })]);
    await queue.flush(5_000);

    // Then the commit holds the block and then the one-row run, in that order, sent again unchanged
    expect(commits).toHaveLength(2);
    expect(commits[1]).toEqual(commits[0]);
    const [block, run] = commits[1] ?? [];
    expect(block).toMatchObject({ kind: 'block', count: 200, requestId: 'batch' });
    expect((run as RowRun).count).toBe(1);
    expect(queue.stats()).toMatchObject({ written: 201, queueDepth: 0 });
    await queue.close(Date.now() + 1000);
  });
});

describe('createWriteQueue (sync durability)', () => {
  it('commits a request of more rows than batchMax in parts of at most batchMax rows; the request settles after the last', async () => {
    // Given a queue of 4-row commits whose sink holds each commit until released
    const commits: PackedRows[][] = [];
    const release: (() => void)[] = [];
    const queue = queueOn(
      (runs) => {
        commits.push([...runs]);
        return new Promise<void>((resolve) => release.push(resolve));
      },
      { durability: 'sync', flushMs: 0, batchMax: 4 },
    );
    const counter = { json: 0 };
    let settled = false;

    // When a 10-row request is enqueued
    const done = queue.enqueue(Array.from({ length: 10 }, () => countedRecord(counter))).then(() => {
      settled = true;
    });
    expect(queue.stats().queueDepth).toBe(10);

    // Then it is committed as 4 + 4 + 2 rows, one commit at a time, and settles only after the last
    for (const [i, rows] of [4, 4, 2].entries()) {
      await expect.poll(() => commits.length).toBe(i + 1);
      expect(commits.at(-1)?.reduce((n, r) => n + r.count, 0)).toBe(rows);
      expect(settled).toBe(false);
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(settled).toBe(true);
    expect(queue.stats()).toMatchObject({ queueDepth: 0, written: 10, commits: 3 });
    expect(counter.json).toBe(10);
    await queue.close(Date.now() + 1000);
  });
});
