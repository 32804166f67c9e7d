import { z } from 'zod';

export const serveSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.int().min(0).max(65_535).default(8080),
    /**
     * Model reference: bundle path, run id, NAME@ALIAS, NAME@VERSION or `latest`; null = `<model.name>@production`
     * when that alias exists, else `latest` (also the default of `evaluate`, `predict` and `drift`).
     */
    model: z.string().nullable().default(null),
    max_batch: z.int().positive().default(1000),
    body_limit: z.int().positive().default(1_048_576),
    /** Fields that are not model features: reject the request, or drop them (never stored). */
    on_unknown_field: z.enum(['reject', 'ignore']).default('reject'),
    /**
     * Server processes (node:cluster) sharing the port, each with its own copy of the model; one more process,
     * the primary, owns the prediction store (the one writer: workers relay their rows to it) and sums the
     * workers' /metrics. 1 = one process, no cluster; 0 = one per CPU core.
     */
    workers: z.int().min(0).max(64).default(1),
    /** Merge the instances of concurrent requests into one tensor call. */
    micro_batch: z.boolean().default(true),
    /**
     * Hold V8's young generation at 16 MiB semi-spaces: it grows to that under load and no further
     * (`--semi-space-growth-factor` switched after each GC; 32 MiB ones measured ~47 MiB more RSS, 1 MiB
     * ones ~20 % fewer requests a second), and leave out V8's mid-tier compiler (`--no-maglev`: ~11 MiB of
     * RSS its background compiles leave in malloc's thread arenas). Process-wide.
     */
    compact_heap: z.boolean().default(true),
    /**
     * Run V8's young-generation collections on the server's thread alone (`--no-parallel-scavenge`): with every
     * core busy, V8's helper threads wait to be scheduled and a pause lasts longer than doing it alone (2 cores
     * under load: scavenge pauses 0.46 against 0.57 ms, GC time a second −19 %). Off by default: two
     * 10-minute soaks with it ended at 191 and 240 MiB of RSS (the second past the 200 MiB target), two
     * without at 183 and 184 (README, Serving). true trades memory for shorter GC pauses.
     */
    serial_scavenge: z.boolean().default(false),
    /** One log line per request (method, route, status, latency, request id, model version). */
    access_log: z.boolean().default(true),
    /** Where predictions are logged: an embedded SQLite file, a shared PostgreSQL database, or nowhere. */
    store: z.enum(['sqlite', 'postgres', 'none']).default('sqlite'),
    /** SQLite: the store file (relative to the project root). */
    store_path: z.string().default('var/predictions.sqlite'),
    /**
     * PostgreSQL: `postgres://user:pass@host:5432/db?sslmode=require` (a socket folder: `?host=/cloudsql/...`);
     * null or parts left out: the standard PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE).
     */
    store_url: z.string().nullable().default(null),
    /**
     * `async`: answer once the row is queued (a crash loses what was not committed yet: at most
     * store_flush_ms plus one commit); `sync`: answer once the row is committed (group commit).
     */
    store_durability: z.enum(['async', 'sync']).default('async'),
    /** Rows waiting to be written; when full, /v1/predict answers 503 instead of losing records. */
    store_queue_max: z.int().positive().default(50_000),
    /**
     * Milliseconds between batched store commits (async durability). Short on purpose: a row that waits
     * through two of V8's young-generation collections is copied to the old generation and dies there, and
     * at 100 ms the queued rows of a single-record load promoted ~13 MB/s, which cost a mark-compact every
     * ~2.5 s (pauses of 3–6 ms: the p99) and up to ~60 MiB of RSS (the pages V8 keeps after the heap's
     * peak). At 10 ms they die young (measured: README, serve benchmark; `npm run bench -- serve --soak`).
     * At 2 ms (since 2026-12-04) each commit is a shorter burst of the writer's work on the cores the server
     * shares: single-record p99 2.07 against 2.46 and 2.01 against 2.25 ms (SQLite), 3.32 against 4.54 (PostgreSQL), for
     * ~5 % more CPU a request (README "Durability").
     */
    store_flush_ms: z.int().positive().max(60_000).default(2),
    /**
     * Most rows per transaction (one multi-row INSERT on PostgreSQL, ≤ 5000: 8 parameters a row under its
     * 65,535). A commit takes what waits, up to this; one starts at once when this many wait, else after
     * store_flush_ms. At 500, one client sending 1,000-row batches back to back outran the writer (one
     * commit in flight, each started by the busy main thread): 170–177 of 400 answers were 503; at 5000,
     * none, and the answered batches' p50 fell 5.2 → 4.2 ms (2026-12-03, README "Writes are off the
     * request path").
     */
    store_batch_max: z.int().min(1).max(5000).default(5000),
    /** Folder of the shutdown spill files; null = the folder of store_path. */
    store_spill_dir: z.string().nullable().default(null),
    /**
     * Seconds a shutdown may take: in-flight requests finish and the store flushes within it; rows still
     * unflushed then go to the spill file. Keep it below the platform's kill grace (Cloud Run: 10 s).
     */
    shutdown_timeout: z.number().positive().max(3600).default(8),
    /**
     * Seconds a client may take to send its request headers (slow-header clients are cut off with 408).
     * At most request_timeout.
     */
    headers_timeout: z.number().positive().max(3600).default(10),
    /** Seconds a client may take to send its whole request, body included (408 after that). */
    request_timeout: z.number().positive().max(3600).default(30),
    /** Seconds an idle keep-alive connection stays open between requests. */
    keep_alive_timeout: z.number().positive().max(3600).default(5),
    auth: z
      .strictObject({
        /** Name of the environment variable that holds the bearer token; null = no auth. */
        token_env: z.string().nullable().default(null),
        protect_ops: z.boolean().default(false),
      })
      .prefault({}),
    cors: z.strictObject({ origins: z.array(z.string()).default([]) }).prefault({}),
    /** Seconds between in-server drift checks; 0 = off (at most ~24.8 days, the limit of a Node timer). */
    drift_check_interval: z.number().min(0).max(2_147_483).default(0),
    /**
     * Seconds between checks of what `serve.model` (an alias: `penguins@production`, a bucket URL) points
     * at; a new version is loaded and swapped in without dropping requests. 0 = never (30 with a canary).
     * At most ~24.8 days, the limit of a Node timer.
     */
    reload_interval: z.number().min(0).max(2_147_483).default(0),
    /**
     * Rollout: another version takes `weight` of the prediction traffic (metrics and stored rows carry
     * each version). It ends when `serve.model` comes to point at the canary's version (`mlx models promote`).
     */
    canary: z
      .strictObject({
        model: z.string(),
        weight: z.number().gt(0).lt(1).default(0.1),
      })
      .nullable()
      .default(null),
  })
  .refine((serve) => serve.headers_timeout <= serve.request_timeout, {
    path: ['headers_timeout'],
    error: 'serve.headers_timeout must be at most serve.request_timeout',
  })
  .prefault({});

export type ServeConfig = z.infer<typeof serveSchema>;
