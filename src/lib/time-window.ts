import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A point in time from `7d` / `24h` / `90m` / `30s` / `2w` (that long before `now`) or an ISO time. */
export function parseTimePoint(text: string, now: number, flag = '--since'): number {
  const trimmed = text.trim();
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(trimmed);
  if (relative?.[1] && relative[2]) return now - Number(relative[1]) * (UNITS[relative[2]] as number);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`${flag} '${text}' is neither a duration nor an ISO time.`, {
    hint: 'Use a duration such as 7d, 24h, 90m, 30s, or an ISO time such as 2026-11-20 or 2026-11-20T08:00:00Z.',
  });
}

export interface TimeWindow {
  since: number;
  until: number;
}

/** [since, until) in epoch ms; `until` defaults to now. */
export function parseTimeWindow(since: string, until: string | undefined, now = Date.now()): TimeWindow {
  const start = parseTimePoint(since, now, '--since');
  const end = until === undefined ? now : parseTimePoint(until, now, '--until');
  if (end <= start)
    throw new UsageError(`The window is empty: --since ${since} is not before --until ${until ?? 'now'}.`, {
      hint: 'Pass an earlier --since or a later --until.',
    });
  return { since: start, until: end };
}
