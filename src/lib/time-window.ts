import { UsageError } from './errors.js';

const DAY_MS = 86_400_000;
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/** The longest duration a window may reach back: 100 years (36500d). */
export const MAX_SPAN_MS = 36_500 * DAY_MS;
/** ISO times are accepted from 1970 (epoch ms ≥ 0: the store's timestamps) to the end of year 9999. */
const EARLIEST = 0;
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const HINT =
  'Use a duration such as 7d, 24h, 90m, 30s (at most 36500d), or an ISO time between 1970-01-01 and 9999-12-31 such as 2026-11-20 or 2026-11-20T08:00:00Z.';

/** A point in time from `7d` / `24h` / `90m` / `30s` / `2w` (that long before `now`) or an ISO time. */
export function parseTimePoint(text: string, now: number, flag = '--since'): number {
  const trimmed = text.trim();
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(trimmed);
  if (relative?.[1] && relative[2]) {
    const span = Number(relative[1]) * (UNITS[relative[2]] as number);
    if (!(span <= MAX_SPAN_MS))
      throw new UsageError(`${flag} '${text.slice(0, 100)}' reaches back more than 100 years.`, { hint: HINT });
    return now - span;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) {
      if (ms < EARLIEST || ms > LATEST)
        throw new UsageError(`${flag} '${text.slice(0, 100)}' is outside 1970-01-01 … 9999-12-31.`, { hint: HINT });
      return ms;
    }
  }
  throw new UsageError(`${flag} '${text.slice(0, 100)}' is neither a duration nor an ISO time.`, { hint: HINT });
}

export interface TimeWindow {
  since: number;
  until: number;
}

/** How a window's two bounds are named in messages: CLI flags by default, query parameters over HTTP. */
export const FLAG_NAMES = { since: '--since', until: '--until' } as const;

/** [since, until) in epoch ms; `until` defaults to now. */
export function parseTimeWindow(
  since: string,
  until: string | undefined,
  now = Date.now(),
  names: { since: string; until: string } = FLAG_NAMES,
): TimeWindow {
  const start = parseTimePoint(since, now, names.since);
  const end = until === undefined ? now : parseTimePoint(until, now, names.until);
  if (end <= start)
    throw new UsageError(
      `The window is empty: ${names.since} ${since.slice(0, 100)} is not before ${names.until} ${until?.slice(0, 100) ?? 'now'}.`,
      { hint: `Pass an earlier ${names.since} or a later ${names.until}.` },
    );
  return { since: start, until: end };
}
