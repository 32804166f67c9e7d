import { describe, expect, it } from 'vitest';
import type { FeatureContract, InputSchema } from '../../../../src/lib/contracts.js';
import { featureSchema, type ValidationPolicy } from '../../../../src/lib/serving/validation/feature-schema.js';
import { buildWarningChecks, collectWarnings } from '../../../../src/lib/serving/validation/warnings.js';

const reject: ValidationPolicy = { onUnknownCategory: 'reject', onOutOfRange: 'reject', onMissing: 'reject' };
const warn: ValidationPolicy = { onUnknownCategory: 'warn', onOutOfRange: 'warn', onMissing: 'impute' };
const feature = (type: FeatureContract['type'], extra: Partial<FeatureContract> = {}): FeatureContract => ({
  name: 'f',
  type,
  required: true,
  min: null,
  max: null,
  allowed: null,
  ...extra,
});

/** The error message of one value, or 'ok'. */
function verdict(f: FeatureContract, policy: ValidationPolicy, value: unknown): string {
  const parsed = featureSchema(f, policy).safeParse(value);
  return parsed.success ? 'ok' : (parsed.error.issues[0]?.message ?? '');
}

describe('featureSchema (one request value per feature kind)', () => {
  it('boolean and datetime values: accepted forms and the messages of the rest', () => {
    expect([true, 'yes', undefined].map((v) => verdict(feature('boolean'), reject, v))).toEqual([
      'ok',
      'expected true or false, got string',
      'required; expected true or false',
    ]);
    const date = feature('datetime');
    expect(['2024-05-01T10:00:00Z', 1_700_000_000_000, 'soon', true].map((v) => verdict(date, reject, v))).toEqual([
      'ok',
      'ok',
      'expected an ISO 8601 date-time',
      'expected an ISO 8601 date-time string or epoch milliseconds, got boolean',
    ]);
  });

  it('the range is enforced in reject mode only; a feature that is not required accepts null and absence', () => {
    const ranged = feature('numeric', { min: 0, max: 10 });
    expect(verdict(ranged, reject, 11)).toBe('expected a number in [0, 10]');
    expect(verdict(ranged, warn, 11)).toBe('ok');
    const optional = feature('categorical', { required: false, allowed: ['a'] });
    expect([null, undefined, 'a', 'b'].map((v) => verdict(optional, reject, v))).toEqual([
      'ok',
      'ok',
      'ok',
      'expected one of: a',
    ]);
  });
});

describe('buildWarningChecks', () => {
  it('warns about out-of-range numbers and unknown categories only, with the path of each', () => {
    const schema: InputSchema = {
      version: 1,
      features: [
        { ...feature('numeric', { min: 0, max: 10 }), name: 'n' },
        { ...feature('categorical', { allowed: ['a', 'b'] }), name: 'c' },
        { ...feature('boolean'), name: 'b' },
        { ...feature('datetime'), name: 'd' },
      ],
      target: { name: 'y', task: 'regression', classes: null },
    };
    expect(buildWarningChecks(schema, reject).size).toBe(0);
    const checks = buildWarningChecks(schema, { ...warn, onMissing: 'reject' });
    expect([...checks.keys()]).toEqual(['n', 'c']);
    const rows = [
      { n: 11, c: 'a', b: true, d: 0 },
      { n: 5, c: 'z', b: false, d: 0 },
    ];
    expect(collectWarnings(rows, checks, 'instances')).toEqual([
      { path: 'instances[0].n', feature: 'n', kind: 'out_of_range', message: 'outside the range seen in training' },
      { path: 'instances[1].c', feature: 'c', kind: 'unknown_category', message: 'category not seen in training' },
    ]);
  });
});

describe('the input policy on requests (soft limits, missing values)', () => {
  it('soft limits only warn, whatever the policy; declared (hard) ones follow it', () => {
    const soft = feature('numeric', { min: 0, max: 10, limits: 'soft' });
    expect(verdict(soft, reject, 11)).toBe('ok');
    expect(verdict(feature('numeric', { min: 0, max: 10 }), reject, 11)).toBe('expected a number in [0, 10]');
    const softCategory = feature('categorical', { allowed: ['a'], limits: 'soft' });
    expect(verdict(softCategory, reject, 'b')).toBe('ok');
    const schema: InputSchema = {
      version: 1,
      features: [
        { ...soft, name: 'n' },
        { ...softCategory, name: 'c' },
      ],
      target: { name: 'y', task: 'regression', classes: null },
    };
    const warnings = collectWarnings([{ n: 11, c: 'b' }], buildWarningChecks(schema, reject), '');
    expect(warnings.map((w) => [w.path, w.kind])).toEqual([
      ['n', 'out_of_range'],
      ['c', 'unknown_category'],
    ]);
  });

  it('a required feature must be sent; its null is imputed with a warning, or refused with on_missing reject', () => {
    const required = feature('numeric');
    expect([null, undefined].map((v) => verdict(required, warn, v))).toEqual([
      'ok',
      'required; expected a finite number',
    ]);
    expect(verdict(required, reject, null)).toBe('expected a finite number, got null');
    const schema: InputSchema = {
      version: 1,
      features: [
        { ...required, name: 'r' },
        { ...feature('numeric', { required: false }), name: 'o' },
      ],
      target: { name: 'y', task: 'regression', classes: null },
    };
    // Optional features (missing in training too) are imputed silently.
    const warnings = collectWarnings([{ r: null, o: null }], buildWarningChecks(schema, warn), 'instances');
    expect(warnings).toEqual([
      { path: 'instances[0].r', feature: 'r', kind: 'missing', message: 'missing; imputed as in training' },
    ]);
  });
});
