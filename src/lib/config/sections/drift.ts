import { z } from 'zod';

/**
 * The drift tests users can name in `drift.columns.<c>.test`. The registry in `src/lib/drift/tests`
 * is typed `satisfies Record<DriftTestName, DriftTest>`, so a name missing on either side is a
 * compile error (config is the bottom layer and cannot import the registry itself).
 */
export const DRIFT_TEST_NAMES = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'jensenshannon',
  'psi',
  'chi2_contingency',
] as const;
export type DriftTestName = (typeof DRIFT_TEST_NAMES)[number];

export const driftTestSchema = z.enum(['auto', ...DRIFT_TEST_NAMES]);

/** `mlx`: tests valid for finite samples, corrected across columns, with an effect-size floor; `evidently`: Evidently's defaults exactly. */
export const DRIFT_METHODS = ['mlx', 'evidently'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** `domain_classifier`: a classifier told reference from current rows (cross-validated AUC, permutation p-value). */
export const MULTIVARIATE_TESTS = ['off', 'domain_classifier'] as const;

/** The mlx method's defaults (the schema's, and computeDrift's when a caller leaves them out). */
export const MLX_DEFAULTS = {
  fdr: 0.05,
  correction: 'bh',
  effect_size: { numeric: 0.1, categorical: 0.1 },
} as const satisfies { fdr: number; correction: 'bh' | 'holm'; effect_size: { numeric: number; categorical: number } };

export const driftSchema = z
  .strictObject({
    /** Current window when neither --since nor --current is given: `7d`, `24h`, `90m` or an ISO time. */
    since: z.string().default('7d'),
    /**
     * `mlx` (default): per-column two-sample tests valid for finite samples, p-values corrected across
     * columns (`correction` at level `fdr`), a column drifts only when its effect size also reaches the
     * floor, dataset drift = any column drifted. `evidently`: Evidently's tests, thresholds and `share` vote.
     */
    method: z.enum(DRIFT_METHODS).default('mlx'),
    /** mlx: the level of the correction (false discovery rate for `bh`, family-wise error rate for `holm`). */
    fdr: z.number().gt(0).lt(1).default(MLX_DEFAULTS.fdr),
    /** mlx: `bh` (Benjamini–Hochberg) or `holm` (valid under any dependence between columns). */
    correction: z.enum(['bh', 'holm']).default(MLX_DEFAULTS.correction),
    /** mlx: smallest effect that counts as drift (Evidently's large-sample thresholds by default). */
    effect_size: z
      .strictObject({
        /** Wasserstein-1 distance in reference standard deviations (a mean shift of 0.1 SD ≈ 0.1). */
        numeric: z.number().min(0).default(MLX_DEFAULTS.effect_size.numeric),
        /** Jensen–Shannon distance (natural log) of the category frequencies. */
        categorical: z.number().min(0).default(MLX_DEFAULTS.effect_size.categorical),
      })
      .prefault({}),
    /**
     * mlx: `domain_classifier` adds one test of the joint distribution (a GBDT told reference rows from
     * current rows, ≤ 2 000 rows a side): it catches changed relationships between columns that no
     * single column shows, and joins the correction with the per-column tests. `off` by default (a few
     * seconds per check).
     */
    multivariate: z.enum(MULTIVARIATE_TESTS).default('off'),
    /** Fewer current rows than this: an "insufficient data" result instead of statistics. */
    min_samples: z.int().positive().default(30),
    /** evidently: dataset drift when drifted columns / evaluated columns ≥ share. */
    share: z.number().gt(0).max(1).default(0.5),
    /** evidently: per-column test and threshold overrides (`auto` = Evidently's default choice). */
    columns: z
      .record(
        z.string(),
        z.strictObject({
          test: driftTestSchema.default('auto'),
          threshold: z.number().nullable().default(null),
        }),
      )
      .default({}),
    /** Write the HTML + JSON report under `<paths.reports>/drift/`. */
    report: z.boolean().default(true),
    retrain: z
      .strictObject({
        /**
         * `dataset_drift`: dataset drift, or any column listed in `columns` drifted; `columns`: only a
         * listed column drifting; `any_column`: any feature drifted; `never`.
         */
        when: z.enum(['never', 'dataset_drift', 'columns', 'any_column']).default('dataset_drift'),
        columns: z.array(z.string()).default([]),
        /** Do not trigger on fewer current rows than this. */
        min_rows: z.int().positive().default(100),
        /** `notify`: log and report the trigger; `pipeline`: also run prepare → train → evaluate. */
        action: z.enum(['notify', 'pipeline']).default('notify'),
      })
      .prefault({}),
  })
  .refine((d) => d.multivariate === 'off' || d.method === 'mlx', {
    message: "drift.multivariate needs drift.method: mlx (the evidently method stays exactly Evidently's)",
    path: ['multivariate'],
  })
  .prefault({});

export type DriftConfig = z.infer<typeof driftSchema>;
