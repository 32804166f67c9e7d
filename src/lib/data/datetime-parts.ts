import type { z } from 'zod';
import type { datetimePartSchema } from '../config/sections/data.js';

export type DatetimePart = z.infer<typeof datetimePartSchema>;

const DAY_MS = 86_400_000;

/** One numeric part of an epoch-ms timestamp, in UTC (dayofweek: Monday = 0, as pandas). */
export function datetimePart(ms: number, part: DatetimePart): number {
  if (Number.isNaN(ms)) return Number.NaN;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'dayofweek':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
    case 'epoch_days':
      return Math.floor(ms / DAY_MS);
    default:
      return part satisfies never;
  }
}
