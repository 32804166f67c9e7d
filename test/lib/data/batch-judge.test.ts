import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputSchema } from '../../../src/lib/contracts.js';
import { applyInputPolicy, BatchJudge, DEFAULT_POLICY, validateTable } from '../../../src/lib/data/index.js';
import { makeConfig } from './helpers.js';

const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'bill', type: 'numeric', required: true, min: 30, max: 60, allowed: null },
    { name: 'mass', type: 'numeric', required: false, min: 2000, max: 7000, allowed: null, max_missing: 0.3 },
    { name: 'island', type: 'categorical', required: true, min: null, max: null, allowed: ['Biscoe', 'Dream'] },
    { name: 'depth', type: 'numeric', required: false, min: 10, max: 25, allowed: null, limits: 'soft' },
  ],
  target: { name: 'species', task: 'classification', classes: ['a', 'b'] },
};
const config = makeConfig();
const options = { na: new Set(['']), requireTarget: false };

const row = fc.record({
  bill: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 100, noNaN: true })),
  mass: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 1000, max: 9000, noNaN: true })),
  island: fc.oneof(fc.constant(null), fc.constantFrom('Biscoe', 'Dream', 'Atlantis')),
  depth: fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 40, noNaN: true })),
});

function tableOf(rows: { bill: number; mass: number; island: string | null; depth: number }[]) {
  return table(
    {
      bill: Float64Array.from(rows.map((r) => r.bill)),
      mass: Float64Array.from(rows.map((r) => r.mass)),
      island: rows.map((r) => r.island),
      depth: Float64Array.from(rows.map((r) => r.depth)),
    },
    ['bill', 'mass', 'island', 'depth'],
  );
}

describe('BatchJudge: a file judged in chunks', () => {
  it('gives the report of the whole file, whatever the chunk sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 0, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(DEFAULT_POLICY, {
          ...DEFAULT_POLICY,
          onMissing: 'reject' as const,
          onOutOfRange: 'reject' as const,
        }),
        (rows, sizes, policy) => {
          const whole = tableOf(rows);
          const expected = applyInputPolicy(
            validateTable(whole, schema, { file: 'f', config, requireTarget: false }),
            whole,
            schema,
            policy,
            options,
          );
          const judge = new BatchJudge(schema, policy, options);
          let offset = 0;
          let k = 0;
          do {
            const size = sizes[k++ % sizes.length] as number;
            const part = tableOf(rows.slice(offset, offset + size));
            judge.add(validateTable(part, schema, { file: 'f', config, requireTarget: false }), part, offset);
            offset += size;
          } while (offset < rows.length);
          const chunked = judge.finish({ file: 'f' });
          const key = (v: { column: string | null; rule: string; message: string }) =>
            `${v.column} ${v.rule} ${v.message}`;
          const sorted = (r: typeof expected) => [...r.violations].sort((a, b) => key(a).localeCompare(key(b)));
          expect({ ...chunked, violations: sorted(chunked) }).toEqual({ ...expected, violations: sorted(expected) });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says how many errors each chunk has, so a stream can stop writing at the first', () => {
    const judge = new BatchJudge(schema, DEFAULT_POLICY, options);
    const good = tableOf([{ bill: 40, mass: 3000, island: 'Dream', depth: 15 }]);
    const bad = tableOf([{ bill: 40, mass: 3000, island: 'Atlantis', depth: 15 }]);
    expect(judge.add(validateTable(good, schema, { config, requireTarget: false }), good, 0)).toBe(0);
    expect(judge.add(validateTable(bad, schema, { config, requireTarget: false }), bad, 1)).toBe(1);
    const report = judge.finish({ file: 'f' });
    expect(report.valid).toBe(false);
    // Row numbers are the file's, not the chunk's.
    expect(report.violations[0]?.examples).toEqual([{ row: 2, value: 'Atlantis' }]);
  });
});
