import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlxError } from '../../src/lib/errors.js';
import { MAX_SPAN_MS, parseTimePoint, parseTimeWindow } from '../../src/lib/time-window.js';

const NOW = Date.UTC(2026, 10, 27, 12);

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as MlxError;
  }
  throw new Error('expected an error');
};

describe('time windows (--since / --until, GET /v1/drift?since=)', () => {
  it('reads durations and ISO times', () => {
    expect(parseTimePoint('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseTimePoint(' 90m ', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseTimePoint('36500d', NOW)).toBe(NOW - MAX_SPAN_MS);
    expect(parseTimePoint('2026-11-20', NOW)).toBe(Date.UTC(2026, 10, 20));
    expect(parseTimeWindow('2d', '1d', NOW)).toEqual({ since: NOW - 2 * 86_400_000, until: NOW - 86_400_000 });
  });

  it.each([
    ['99999999999d', /reaches back more than 100 years/],
    ['36501d', /reaches back more than 100 years/],
    [`${'9'.repeat(400)}w`, /reaches back more than 100 years/],
    ['1969-12-31', /outside 1970-01-01/],
    ['+275760-09-13', /neither a duration nor an ISO time/],
    ['soon', /neither a duration nor an ISO time/],
  ])('%s is a usage error (exit 2, HTTP 400), not a bug', (text, message) => {
    const error = errorOf(() => parseTimePoint(text, NOW, '--until'));
    expect(error).toBeInstanceOf(MlxError);
    expect(error.exitCode).toBe(2);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect(error.message.length).toBeLessThan(300);
  });

  it('any text gives a valid time or a typed usage error, never an invalid Date', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,20}(\.\d{1,5})?[smhdw]$/)), (text) => {
        try {
          const ms = parseTimePoint(text, NOW);
          expect(Number.isFinite(new Date(ms).getTime())).toBe(true);
          expect(new Date(ms).toISOString()).toMatch(/^\d{4}-/);
        } catch (error) {
          expect(error).toBeInstanceOf(MlxError);
          expect((error as MlxError).exitCode).toBe(2);
        }
      }),
      { numRuns: 500 },
    );
  });
});
