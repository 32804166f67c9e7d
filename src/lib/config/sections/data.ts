import { z } from 'zod';

export const featureTypeSchema = z.enum(['numeric', 'categorical', 'boolean', 'datetime']);

/** Derived numeric features of a datetime column. */
export const datetimePartSchema = z.enum(['year', 'month', 'day', 'dayofweek', 'hour', 'epoch_days']);

/** The input contract for one column: type and the checks `mlx data validate` runs. */
export const featureSpecSchema = z.strictObject({
  type: featureTypeSchema,
  /** The column must be present (a file) or the key given (a request); missing values are imputed. */
  required: z.boolean().default(true),
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
  allowed: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .nullable()
    .default(null),
  /**
   * `hard`: `min`/`max`/`allowed` are a contract (a violation fails `data prepare` and follows the
   * `inputs` policy in predict and serve); `soft`: they describe what training saw, and a value outside
   * them is only a warning (what `mlx init` and `data infer-schema` write).
   */
  limits: z.enum(['hard', 'soft']).default('hard'),
  /** Largest fraction of missing values allowed in a file (0–1). */
  max_missing: z.number().min(0).max(1).default(1),
  /** For `type: datetime`: the numeric features derived from it. */
  parts: z.array(datetimePartSchema).min(1).default(['year', 'month', 'dayofweek']),
});

export const dataSchema = z
  .strictObject({
    /** The raw input file (csv, tsv, json, ndjson, parquet), relative to the project root. */
    source: z.string().default('data/raw/data.csv'),
    format: z.enum(['auto', 'csv', 'tsv', 'json', 'ndjson', 'parquet']).default('auto'),
    /** Where the data came from and which version, recorded in data.lock and lineage. */
    provenance: z
      .strictObject({
        name: z.string().nullable().default(null),
        url: z.string().nullable().default(null),
        version: z.string().nullable().default(null),
        license: z.string().nullable().default(null),
      })
      .prefault({}),
    na_values: z.array(z.string()).default(['', 'NA', 'NaN', 'null']),
    /** Column renames, original name → new name (applied first). */
    rename: z.record(z.string(), z.string()).default({}),
    /** Keep only these columns (after renames; the target is always kept); null = all. */
    select: z.array(z.string()).nullable().default(null),
    drop: z.array(z.string()).default([]),
    target: z.string().nullable().default(null),
    task: z.enum(['auto', 'classification', 'regression']).default('auto'),
    features: z.record(z.string(), featureSpecSchema).default({}),
    dedupe: z.boolean().default(false),
    /** Dataset-level checks (TFDV-like); per-column checks live in `features`. */
    checks: z
      .strictObject({
        min_rows: z.int().nonnegative().default(10),
        /** Exact duplicate rows: a warning, an error, or not checked. */
        duplicates: z.enum(['warn', 'error', 'ignore']).default('warn'),
        /** Warn when a class has less than this fraction of the rows (classification). */
        min_class_fraction: z.number().min(0).max(1).default(0.05),
        /** Warn when a categorical feature has more distinct values than this (an id column?). */
        max_categories: z.int().positive().default(100),
      })
      .prefault({}),
    split: z
      .strictObject({
        train: z.number().gt(0).lt(1).default(0.7),
        val: z.number().min(0).lt(1).default(0.15),
        test: z.number().gt(0).lt(1).default(0.15),
        stratify: z.boolean().default(true),
        /** Split by a stable hash of this column so rows keep their split when data grows. */
        key: z.string().nullable().default(null),
      })
      .prefault({}),
    /** Where `mlx data push/pull` store data: a directory path, a file:// URL, or a bucket (s3://B/P, gs://B/P). */
    remote: z.string().nullable().default(null),
    /** S3-compatible endpoint for an s3:// remote (MinIO, R2, ...); null = AWS_ENDPOINT_URL or the provider's. */
    remote_endpoint: z.string().nullable().default(null),
    /** Files transferred at once by `mlx data push/pull`. */
    remote_jobs: z.int().min(1).max(64).default(8),
  })
  .prefault({});
