import { describe, expect, it } from 'vitest';
import { splitIndices, splitRatios } from '../../../src/lib/data/split.js';
import { makeConfig } from './helpers.js';

const split = makeConfig().data.split;
const labels = Array.from({ length: 300 }, (_, i) => (i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c'));

describe('splitIndices', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = splitIndices(300, split, 42, { labels });
    expect(splitIndices(300, split, 42, { labels })).toEqual(a);
    expect(splitIndices(300, split, 43, { labels })).not.toEqual(a);
  });

  it('partitions every row exactly once, each split in file order', () => {
    const { train, val, test } = splitIndices(300, split, 1, { labels });
    expect([...train, ...val, ...test].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    for (const part of [train, val, test]) expect(part).toEqual([...part].sort((x, y) => x - y));
    // Each class is rounded on its own: within a row or two of 70/15/15.
    expect(Math.abs(train.length - 210)).toBeLessThanOrEqual(2);
    expect(Math.abs(val.length - 45)).toBeLessThanOrEqual(2);
  });

  it('stratifies: each class keeps its share in every split', () => {
    const { train, val, test } = splitIndices(300, split, 7, { labels });
    for (const part of [train, val, test]) {
      const share = part.filter((i) => labels[i] === 'c').length / part.length;
      expect(Math.abs(share - 0.1)).toBeLessThan(0.015);
    }
  });

  it('with a key, a row keeps its split when rows are appended', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
    const before = splitIndices(500, split, 42, { keys: keys.slice(0, 500) });
    const after = splitIndices(1000, split, 42, { keys });
    for (const part of ['train', 'val', 'test'] as const) {
      expect(after[part].filter((i) => i < 500)).toEqual(before[part]);
    }
    expect(after.train.length / 1000).toBeGreaterThan(0.62);
    expect(after.train.length / 1000).toBeLessThan(0.78);
  });

  it('rejects ratios that do not add up to 1', () => {
    expect(() => splitRatios({ ...split, train: 0.8 })).toThrow(/add up to 1.1\d*, not 1/);
  });
});
