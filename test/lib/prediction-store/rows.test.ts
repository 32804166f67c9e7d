import { describe, expect, it } from 'vitest';
import { appendRuns, nextUid, packRows, toStoreRow, unpackRuns } from '../../../src/lib/prediction-store/rows.js';
import type { PredictionRecord } from '../../../src/lib/prediction-store/types.js';

const record = (requestId: string, i: number, over: Partial<PredictionRecord> = {}): PredictionRecord => ({
  ts: 1_000,
  requestId,
  modelName: 'penguins',
  modelVersion: '1',
  inputs: { x: i, s: `a "quoted",\n${i}` },
  outputs: { label: i % 2 ? 'A' : 'B', probabilities: { A: 0.25, B: 0.75 } },
  latencyMs: 1.5,
  ...over,
});

describe('row runs (what the write queue holds)', () => {
  it("packs a request's rows into one run whose texts split back into the rows, in order", () => {
    // Given 3 rows of request a, 1 of request b, 2 of a again (a new run), then 1 of a with another version
    const rows = [
      ...[0, 1, 2].map((i) => record('a', i)),
      record('b', 3),
      ...[4, 5].map((i) => record('a', i)),
      record('a', 6, { modelVersion: '2' }),
    ].map(toStoreRow);
    // When they are packed
    const runs = packRows(rows);
    // Then consecutive rows sharing time, request, model and latency are one run, and unpacking gives the rows
    expect(runs.map((r) => [r.requestId, r.modelVersion, r.count])).toEqual([
      ['a', '1', 3],
      ['b', '1', 1],
      ['a', '1', 2],
      ['a', '2', 1],
    ]);
    expect(runs[0]?.inputs.split('\n')).toHaveLength(3);
    expect(unpackRuns(runs)).toEqual(rows);
  });

  it('appends runs, merging the boundary when it continues the same run', () => {
    const rows = [0, 1, 2, 3, 4].map((i) => toStoreRow(record('a', i)));
    const other = toStoreRow(record('b', 9));
    const runs = packRows(rows.slice(0, 2));
    appendRuns(runs, packRows(rows.slice(2, 4)));
    appendRuns(runs, packRows([other]));
    appendRuns(runs, packRows(rows.slice(4)));
    expect(runs.map((r) => [r.requestId, r.count])).toEqual([
      ['a', 4],
      ['b', 1],
      ['a', 1],
    ]);
    expect(unpackRuns(runs)).toEqual([...rows.slice(0, 4), other, rows[4]]);
  });

  it('refuses a run whose texts do not split into its rows (a bug, never a shifted row)', () => {
    const [run] = packRows([0, 1].map((i) => toStoreRow(record('a', i))));
    expect(() => unpackRuns([{ ...(run as NonNullable<typeof run>), count: 3 }])).toThrow(
      /do not split into its 3 rows/,
    );
  });
});

describe('row uids', () => {
  it("sort in the order a process makes them (the store's UNIQUE index appends), across every digit count", () => {
    const uids = Array.from({ length: 50_000 }, () => nextUid()); // crosses 36 and 1,296: one and two digits more
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids.every((u, i) => i === 0 || (uids[i - 1] as string) < u)).toBe(true);
    expect(new Set(uids.map((u) => u.length)).size).toBe(1);
  });
});
