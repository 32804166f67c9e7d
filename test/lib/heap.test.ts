import { describe, expect, it } from 'vitest';
import { youngGenerationFlag } from '../../src/lib/heap.js';

const MiB = 1024 * 1024;

describe('youngGenerationFlag', () => {
  it('lets the young generation grow below the target and stops it at or above, changing the flag only on a change', () => {
    const target = 32 * MiB;
    // At start, below the target: growth on (the flag is set once, whatever V8 had)
    expect(youngGenerationFlag(1 * MiB, target, undefined)).toEqual({
      hold: false,
      flag: '--semi-space-growth-factor=2',
    });
    // Still growing: nothing to change
    expect(youngGenerationFlag(16 * MiB, target, false)).toBeNull();
    // Reached the target: held
    expect(youngGenerationFlag(32 * MiB, target, false)).toEqual({ hold: true, flag: '--semi-space-growth-factor=1' });
    expect(youngGenerationFlag(32 * MiB, target, true)).toBeNull();
    // Shrunk by V8 while idle: allowed to grow again
    expect(youngGenerationFlag(2 * MiB, target, true)).toEqual({ hold: false, flag: '--semi-space-growth-factor=2' });
    // Already above at start (a flag or a large heap): held where it is
    expect(youngGenerationFlag(64 * MiB, target, undefined)).toEqual({
      hold: true,
      flag: '--semi-space-growth-factor=1',
    });
  });
});
