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
  it('encodes a row once, after enqueue has returned (not on the answer path); a retried commit sends the same row', async () => {
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
      maxQueue: 10,
      flushMs: 60_000,
      batchMax: 100,
      spill: () => 'unused',
    });
    const counter = { json: 0 };

    // When a record is enqueued, its JSON is not made yet: it is made on the next turn of the event loop
    await queue.enqueue([countedRecord(counter)]);
    expect(counter.json).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.json).toBe(1);

    // Then the flush commits it (the retry after the failed commit sends the same row, same uid)
    await queue.flush(5_000);
    expect(counter.json).toBe(1);
    expect(commits).toHaveLength(2);
    expect(commits[1]?.[0]).toBe(commits[0]?.[0]);
    expect(commits[1]?.[0]?.inputs).toBe('{"x":1}');
    expect(queue.stats().written).toBe(1);
    await queue.close(Date.now() + 1000);
  });
});
