import { describe, expect, it } from 'vitest';
import { decideRetrain } from '../../../src/lib/drift/retrain.js';
import type { ColumnDrift, DriftResult } from '../../../src/lib/drift/types.js';
import { UsageError } from '../../../src/lib/errors.js';
import { parseTimePoint, parseTimeWindow } from '../../../src/lib/time-window.js';

const col = (column: string, drifted: boolean) => ({ column, drifted }) as ColumnDrift;
function result(drifted: string[], all: string[], currentRows = 500): DriftResult {
  const columns = all.map((c) => col(c, drifted.includes(c)));
  const share = drifted.length / all.length;
  return {
    status: 'ok',
    method: 'evidently',
    decision: { method: 'evidently', share: 0.5, explanation: '' },
    message: '',
    generatedAt: '',
    model: null,
    window: null,
    referenceRows: 1000,
    currentRows,
    minSamples: 30,
    columns,
    prediction: null,
    skipped: [],
    multivariate: null,
    driftedColumns: drifted.length,
    evaluatedColumns: all.length,
    driftShare: share,
    shareThreshold: 0.5,
    datasetDrift: share >= 0.5,
  };
}
const rule = { when: 'dataset_drift' as const, columns: [] as string[], min_rows: 100, action: 'notify' as const };

describe('decideRetrain', () => {
  it('triggers on dataset drift, or a watched column', () => {
    expect(decideRetrain(result(['a', 'b'], ['a', 'b', 'c']), rule)).toMatchObject({
      triggered: true,
      action: 'notify',
    });
    expect(decideRetrain(result(['c'], ['a', 'b', 'c']), rule).triggered).toBe(false);
    expect(decideRetrain(result(['c'], ['a', 'b', 'c']), { ...rule, columns: ['c'] })).toMatchObject({
      triggered: true,
      reason: 'watched column(s) drifted: c',
    });
  });
  it('names the multivariate test when it is what drifted (mlx)', () => {
    // Given an mlx result where no column drifted but the multivariate test did
    const multivariate = { drifted: true } as NonNullable<DriftResult['multivariate']>;
    const r: DriftResult = { ...result([], ['a', 'b']), method: 'mlx', datasetDrift: true, multivariate };
    // Then dataset_drift triggers and says why, while any_column does not
    expect(decideRetrain(r, rule)).toMatchObject({
      triggered: true,
      reason: 'dataset drift (the multivariate test drifted)',
    });
    expect(decideRetrain(r, { ...rule, when: 'any_column' }).triggered).toBe(false);
  });

  it('respects when=columns / any_column / never and min_rows', () => {
    const r = result(['a', 'b'], ['a', 'b', 'c']);
    expect(decideRetrain(r, { ...rule, when: 'columns', columns: ['c'] }).triggered).toBe(false);
    expect(decideRetrain(result(['c'], ['a', 'b', 'c']), { ...rule, when: 'any_column' }).triggered).toBe(true);
    expect(decideRetrain(r, { ...rule, when: 'never' }).triggered).toBe(false);
    expect(decideRetrain(result(['a', 'b'], ['a', 'b', 'c'], 50), rule)).toMatchObject({
      triggered: false,
      reason: 'only 50 current rows, drift.retrain.min_rows is 100',
    });
  });
});

describe('time windows', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('parses durations and ISO times', () => {
    expect(parseTimePoint('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTimePoint('24h', now)).toBe(now - 86_400_000);
    expect(parseTimePoint('90m', now)).toBe(now - 5_400_000);
    expect(parseTimePoint('2026-11-20', now)).toBe(Date.parse('2026-11-20'));
    expect(parseTimeWindow('2d', '1d', now)).toEqual({ since: now - 2 * 86_400_000, until: now - 86_400_000 });
  });
  it('rejects nonsense and empty windows as usage errors', () => {
    expect(() => parseTimePoint('yesterday', now)).toThrow(UsageError);
    expect(() => parseTimeWindow('1d', '2d', now)).toThrow(/window is empty/);
  });
});
