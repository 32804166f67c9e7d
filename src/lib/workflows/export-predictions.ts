import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type MlxConfig, projectPath } from '../config/index.js';
import { UsageError } from '../errors.js';
import { type ExportFormat, exportPredictions } from '../prediction-store/export.js';
import { describeStore, openPredictionReader } from '../prediction-store/index.js';
import { storeTarget } from '../serving/store-target.js';
import { parseTimePoint } from '../time-window.js';

export interface PredictionsExportOptions {
  config: MlxConfig;
  root: string;
  format: ExportFormat;
  /** `7d`, `24h`, or an ISO time; absent = from the first prediction. */
  since?: string;
  until?: string;
  /** `NAME` or `NAME@VERSION`. */
  model?: string;
  /** Output file (relative to the working directory); absent = `stdout`. */
  output?: string;
  /** A SQLite file (absolute) or a PostgreSQL URL; default the configured store (`serve.store`). */
  store?: string;
  stdout: Writable;
  now?: number;
  /** PG* variables for a PostgreSQL store (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface PredictionsExportResult {
  rows: number;
  format: ExportFormat;
  /** The store read: a SQLite path or a PostgreSQL URL without its password. */
  store: string;
  output: string | null;
  since: string | null;
  until: string | null;
}

/** `mlx predictions export`: resolve the store and window, stream the rows to a file (atomically) or stdout. */
export async function runPredictionsExport(options: PredictionsExportOptions): Promise<PredictionsExportResult> {
  const now = options.now ?? Date.now();
  const since = options.since === undefined ? undefined : parseTimePoint(options.since, now, '--since');
  const until = options.until === undefined ? undefined : parseTimePoint(options.until, now, '--until');
  const [modelName, modelVersion] = options.model === undefined ? [] : options.model.split('@', 2);
  const target = storeTarget(options.config.serve, options.root, options.env, options.store);
  if (!target) {
    throw new UsageError('serve.store is none: there is no prediction store to export from.', {
      hint: 'Pass --store FILE|URL, or set serve.store to sqlite or postgres.',
    });
  }
  const reader = await openPredictionReader(target);
  if (!reader) throw new UsageError(`No prediction store at ${describeStore(target)}`);
  const query = { reader, format: options.format, since, until, modelName, modelVersion };
  const result = {
    format: options.format,
    store: reader.location,
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
  };
  try {
    return await exportTo(options, query, result);
  } finally {
    await reader.close();
  }
}

async function exportTo(
  options: PredictionsExportOptions,
  query: Omit<Parameters<typeof exportPredictions>[0], 'out'>,
  result: Omit<PredictionsExportResult, 'rows' | 'output'>,
): Promise<PredictionsExportResult> {
  if (!options.output) {
    const { rows } = await exportPredictions({ ...query, out: options.stdout });
    return { ...result, rows, output: null };
  }
  const output = projectPath(options.root, options.output);
  mkdirSync(path.dirname(output), { recursive: true });
  const tmp = `${output}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  try {
    const { rows } = await exportPredictions({ ...query, out });
    out.end();
    await finished(out);
    renameSync(tmp, output);
    return { ...result, rows, output };
  } catch (error) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw error;
  }
}
