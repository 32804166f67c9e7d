import { z } from 'zod';

export const featureTypeSchema = z.enum(['numeric', 'categorical', 'boolean', 'datetime']);

/** The input contract for one column: type and the checks `mlx data validate` runs. */
export const featureSpecSchema = z.strictObject({
  type: featureTypeSchema,
  required: z.boolean().default(true),
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
  allowed: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .nullable()
    .default(null),
  max_missing: z.number().min(0).max(1).default(1),
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
    rename: z.record(z.string(), z.string()).default({}),
    drop: z.array(z.string()).default([]),
    target: z.string().nullable().default(null),
    task: z.enum(['auto', 'classification', 'regression']).default('auto'),
    features: z.record(z.string(), featureSpecSchema).default({}),
    dedupe: z.boolean().default(false),
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
    remote: z.string().nullable().default(null),
  })
  .prefault({});
