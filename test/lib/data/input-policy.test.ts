import { describe, expect, it } from 'vitest';
import type { FeatureContract, InputSchema } from '../../../src/lib/contracts.js';
import {
  actionFor,
  applyInputPolicy,
  DEFAULT_POLICY,
  inputPolicy,
  validateTable,
} from '../../../src/lib/data/index.js';
import { makeConfig, toyConfig } from './helpers.js';

const contract = (extra: Partial<FeatureContract> = {}): FeatureContract => ({
  name: 'x',
  type: 'numeric',
  required: true,
  min: 0,
  max: 10,
  allowed: null,
  ...extra,
});

describe('the input policy (one rule for predict, evaluate --data and serve)', () => {
  it('is read from the inputs section; defaults warn on ranges, reject unknown categories, impute missing', () => {
    expect(inputPolicy(makeConfig())).toEqual(DEFAULT_POLICY);
    const strict = makeConfig({ inputs: { on_out_of_range: 'reject', on_missing: 'reject' } });
    expect(inputPolicy(strict)).toEqual({ onOutOfRange: 'reject', onUnknownCategory: 'reject', onMissing: 'reject' });
  });

  it('soft limits always warn; hard limits follow the policy; missing follows required and on_missing', () => {
    const reject = { onOutOfRange: 'reject', onUnknownCategory: 'reject', onMissing: 'reject' } as const;
    expect(actionFor('out_of_range', contract({ limits: 'soft' }), reject)).toBe('warn');
    expect(actionFor('out_of_range', contract(), reject)).toBe('reject');
    expect(actionFor('out_of_range', contract(), DEFAULT_POLICY)).toBe('warn');
    expect(actionFor('unknown_category', contract({ limits: 'soft' }), reject)).toBe('warn');
    expect(actionFor('unknown_category', contract(), DEFAULT_POLICY)).toBe('reject');
    expect(actionFor('missing', contract({ required: false }), reject)).toBe('accept');
    expect(actionFor('missing', contract(), reject)).toBe('reject');
    expect(actionFor('missing', contract(), DEFAULT_POLICY)).toBe('warn');
  });
});

describe('applyInputPolicy (a file for a trained model)', () => {
  it('judges a batch: soft and warn-mode problems are warnings, the rest errors; training-data rules do not apply', async () => {
    const config = toyConfig();
    const schema: InputSchema = {
      version: 1,
      features: [
        contract({ name: 'bill', required: true, min: 30, max: 60 }),
        contract({ name: 'mass', required: false, min: 2000, max: 4000, limits: 'soft' }),
        { ...contract({ name: 'island', type: 'categorical', min: null, max: null }), allowed: ['Biscoe', 'Dream'] },
      ],
      target: { name: 'species', task: 'classification', classes: null },
    };
    const { table } = await import('arquero');
    const batch = table({
      bill: Float64Array.from([40, 70, Number.NaN]),
      mass: Float64Array.from([3000, 9000, Number.NaN]),
      island: ['Biscoe', 'Atlantis', 'Dream'],
    });
    const report = validateTable(batch, schema, { requireTarget: false, config });
    const judge = (policy: typeof DEFAULT_POLICY) =>
      applyInputPolicy(report, batch, schema, policy, { na: new Set(['']), requireTarget: false }).violations.map(
        (v) => `${v.column}:${v.rule}:${v.severity}`,
      );
    // Defaults: the unknown category (hard allowed) is an error; the rest warnings; errors first.
    expect(judge(DEFAULT_POLICY)).toEqual([
      'island:not_allowed:error',
      'bill:out_of_range:warning',
      'mass:out_of_range:warning',
      'bill:missing:warning',
    ]);
    const strict = { onOutOfRange: 'reject', onUnknownCategory: 'warn', onMissing: 'reject' } as const;
    expect(judge(strict)).toEqual([
      'bill:out_of_range:error',
      'bill:missing:error',
      'mass:out_of_range:warning',
      'island:not_allowed:warning',
    ]);
  });
});
