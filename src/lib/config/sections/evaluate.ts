import { z } from 'zod';

export const evaluateSchema = z
  .strictObject({
    /** Quality gates: metric name → minimum value (`--fail-under` adds to these). */
    fail_under: z.record(z.string(), z.number()).default({}),
    report: z.boolean().default(true),
  })
  .prefault({});
