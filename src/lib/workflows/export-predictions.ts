import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type MlxConfig, projectPath } from '../config/index.js';
import { type ExportFormat, exportPredictions } from '../prediction-store/export.js';
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
  /** Store file; default `serve.store_path` under the project root. */
  store?: string;
  stdout: Writable;
  now?: number;
}

export interface PredictionsExportResult {
  rows: number;
  format: ExportFormat;
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
  const store = options.store
    ? projectPath(options.root, options.store)
    : projectPath(options.root, options.config.serve.store_path);
  const query = { storePath: store, format: options.format, since, until, modelName, modelVersion };
  const result = {
    format: options.format,
    store,
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
  };
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
