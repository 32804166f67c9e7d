import { describe, expect, it } from 'vitest';
import type { PredictionRecord, StoreRow } from '../../../src/lib/prediction-store/types.js';
import { createWriteQueue } from '../../../src/lib/prediction-store/write-queue.js';

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

describe('createWriteQueue (async durability)', () => {
  it("encodes a large request's rows once, after enqueue has returned (not on the answer path); a retried commit sends the same rows", async () => {
    // Given a sink whose first commit fails
    const commits: StoreRow[][] = [];
    let attempts = 0;
    const queue = createWriteQueue({
      sink: {
        async commit(rows) {
          attempts++;
          commits.push([...rows]);
          if (attempts === 1) throw new Error('database is locked');
        },
        async close() {},
      },
      where: 'test',
      durability: 'async',
      maxQueue: 1000,
      flushMs: 60_000,
      batchMax: 100,
      spill: () => 'unused',
    });
    const counter = { json: 0 };

    // When a 100-row request is enqueued, its JSON is not made yet: it is made on the next turn of the event loop
    await queue.enqueue(Array.from({ length: 100 }, () => countedRecord(counter)));
    expect(counter.json).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.json).toBe(100);

    // Then the flush commits them (the retry after the failed commit sends the same rows, same uids)
    await queue.flush(5_000);
    expect(counter.json).toBe(100);
    expect(commits).toHaveLength(2);
    expect(commits[1]?.[0]).toBe(commits[0]?.[0]);
    expect(commits[1]?.[0]?.inputs).toBe('{"x":1}');
    expect(queue.stats().written).toBe(100);

    // And a one-row request is encoded at once (nothing to gain by waiting)
    await queue.enqueue([countedRecord(counter)]);
    expect(counter.json).toBe(101);
    await queue.close(Date.now() + 1000);
  });
});
