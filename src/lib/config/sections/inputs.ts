import { z } from 'zod';

/**
 * The input policy: what `mlx predict`, `mlx evaluate --data` and `mlx serve` do with a value that a
 * trained model's schema does not expect. One section, read in one place (`inputPolicy` in
 * src/lib/data/features/policy.ts), so a file and an HTTP request are judged alike. Soft limits (the
 * ranges and categories observed in training) only ever warn; these keys decide for declared (hard) ones.
 */
export const inputsSchema = z
  .strictObject({
    /** A number outside a declared `min`/`max`: refuse it (exit 3 / HTTP 422), or predict and warn. */
    on_out_of_range: z.enum(['reject', 'warn']).default('warn'),
    /** A category outside a declared `allowed` list: refuse it, or predict (encoded as unseen) and warn. */
    on_unknown_category: z.enum(['reject', 'warn']).default('reject'),
    /**
     * A missing value (null, empty, NA) of a required feature: impute it as training did and warn, or
     * refuse it. Optional features (missing in training) are always imputed.
     */
    on_missing: z.enum(['reject', 'impute']).default('impute'),
  })
  .prefault({});

export type InputsConfig = z.infer<typeof inputsSchema>;
