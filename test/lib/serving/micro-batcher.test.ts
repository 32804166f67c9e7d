import { describe, expect, it } from 'vitest';
import type { Prediction, Row } from '../../../src/lib/contracts.js';
import { createMicroBatcher } from '../../../src/lib/serving/micro-batcher.js';

/** A model that echoes its input `x` as the value, and records the size of each call. */
function recordingModel(failOn?: number) {
  const calls: number[] = [];
  const predict = (rows: readonly Row[]): Prediction[] => {
    calls.push(rows.length);
    if (rows.some((r) => r.x === failOn)) throw new Error('bad row');
    return rows.map((r) => ({ value: Number(r.x) }));
  };
  return { calls, predict };
}

describe('micro-batcher', () => {
  it('merges requests of the same turn into one model call and returns each its own slice', async () => {
    const model = recordingModel();
    const observed: number[] = [];
    const batch = createMicroBatcher(model.predict, {
      enabled: true,
      maxRows: 100,
      onCall: (rows, seconds) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        observed.push(rows);
      },
    });
    const results = await Promise.all([batch([{ x: 1 }]), batch([{ x: 2 }, { x: 3 }]), batch([{ x: 4 }])]);
    expect(results).toEqual([[{ value: 1 }], [{ value: 2 }, { value: 3 }], [{ value: 4 }]]);
    expect(model.calls).toEqual([4]);
    expect(observed).toEqual([4]);
  });

  it('starts a new call when the merged batch would exceed maxRows', async () => {
    const model = recordingModel();
    const batch = createMicroBatcher(model.predict, { enabled: true, maxRows: 3 });
    const results = await Promise.all([batch([{ x: 1 }, { x: 2 }]), batch([{ x: 3 }, { x: 4 }]), batch([{ x: 5 }])]);
    expect(results.flat().map((p) => ('value' in p ? p.value : null))).toEqual([1, 2, 3, 4, 5]);
    expect(model.calls).toEqual([2, 3]);
  });

  it('isolates a failing request from the others merged with it', async () => {
    const model = recordingModel(13);
    const batch = createMicroBatcher(model.predict, { enabled: true, maxRows: 100 });
    const [a, b, c] = await Promise.allSettled([batch([{ x: 1 }]), batch([{ x: 13 }]), batch([{ x: 2 }])]);
    expect(a).toEqual({ status: 'fulfilled', value: [{ value: 1 }] });
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('bad row') });
    expect(c).toEqual({ status: 'fulfilled', value: [{ value: 2 }] });
  });

  it('calls the model once per request when disabled, and checks the prediction count', async () => {
    const model = recordingModel();
    const batch = createMicroBatcher(model.predict, { enabled: false, maxRows: 100 });
    await Promise.all([batch([{ x: 1 }]), batch([{ x: 2 }])]);
    expect(model.calls).toEqual([1, 1]);
    const short = createMicroBatcher(() => [], { enabled: false, maxRows: 10 });
    await expect(short([{ x: 1 }])).rejects.toThrow('the model returned 0 predictions for 1 rows');
    const shortMerged = createMicroBatcher(() => [], { enabled: true, maxRows: 10 });
    await expect(shortMerged([{ x: 1 }])).rejects.toThrow('the model returned 0 predictions for 1 rows');
  });
});
