import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { youngGenerationFlag } from '../../src/lib/heap.js';
import { repoRoot } from '../helpers/cli.js';

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

describe('skipMidTierCompiler', () => {
  // A child Node runs a hot function under --trace-opt, which names the compiler of every optimisation.
  const compilers = (skip: boolean): string => {
    const heap = pathToFileURL(path.join(repoRoot, 'src', 'lib', 'heap.ts')).href;
    const script = `
      const { skipMidTierCompiler } = await import(${JSON.stringify(heap)});
      if (${skip}) await skipMidTierCompiler();
      function hot(a, b) { let s = 0; for (let i = 0; i < 50; i++) s += (a * i + b) % 7; return s; }
      let t = 0; for (let i = 0; i < 2e6; i++) t += hot(i, 3);`;
    const out = execFileSync(process.execPath, ['--trace-opt', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    return [...new Set(out.match(/target (MAGLEV|TURBOFAN\w*)/g) ?? [])].sort().join(',');
  };

  it('turns Maglev off at run time: a hot function goes to TurboFan only (V8 picks Maglev first otherwise)', () => {
    expect(compilers(false)).toContain('MAGLEV');
    const skipped = compilers(true);
    expect(skipped).toContain('TURBOFAN');
    expect(skipped).not.toContain('MAGLEV');
  });
});

describe('serialScavenges', () => {
  // A child Node keeps a few MiB of young objects alive while it allocates, under --trace-gc-nvp, which
  // gives every scavenge's time on V8's background threads (0 when the main thread did it alone).
  const backgroundTimes = (serial: boolean): number[] => {
    const heap = pathToFileURL(path.join(repoRoot, 'src', 'lib', 'heap.ts')).href;
    const script = `
      const { serialScavenges } = await import(${JSON.stringify(heap)});
      if (${serial}) await serialScavenges();
      const live = new Array(40000);
      for (let i = 0; i < 2e6; i++) live[i % live.length] = { i, s: 'x' + i, a: [i, i + 1] };`;
    const out = execFileSync(process.execPath, ['--trace-gc-nvp', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    return [...out.matchAll(/gc=s .*?\bbackground\.scavenge\.parallel=([\d.]+)/g)].map((m) => Number(m[1]));
  };

  it('runs young-generation collections on the main thread alone, at run time (V8 splits them otherwise)', () => {
    const parallel = backgroundTimes(false);
    expect(parallel.length).toBeGreaterThan(0);
    expect(parallel.some((ms) => ms > 0)).toBe(true);
    const serial = backgroundTimes(true);
    expect(serial.length).toBeGreaterThan(0);
    expect(serial.every((ms) => ms === 0)).toBe(true);
  });
});
