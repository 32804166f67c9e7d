import { z } from 'zod';

export const loggingSchema = z
  .strictObject({
    level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    /** `auto`: readable on a terminal, JSON lines otherwise. */
    format: z.enum(['auto', 'pretty', 'json']).default('auto'),
    /** Also append JSON log lines to this file (relative to the project root). */
    file: z.string().nullable().default(null),
  })
  .prefault({});
