import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type { InputSchema, Task } from '../contracts.js';
import { DataValidationError } from '../errors.js';
import type { Logger } from '../logging.js';
import { cleanTable, targetClasses } from './clean.js';
import { sha256File } from './hash.js';
import { ingestFile } from './ingest/read-table.js';
import { type DataLock, fingerprintOf, type LockedFile, lockParams, paramsHash, writeLock } from './lock.js';
import { fitPipeline } from './pipeline/fit-pipeline.js';
import { profileTable } from './profile.js';
import { dataPaths, mlxVersion, relativePath } from './project-paths.js';
import { buildSchema, requireTarget, resolveTask } from './schema/build-schema.js';
import { observeColumns } from './schema/observe.js';
import { splitIndices } from './split.js';
import { dataStatus } from './status.js';
import { columnValues } from './table-utils.js';
import { takeRows } from './take-rows.js';
import { formatValidationReport } from './validate/format-report.js';
import type { ValidationReport } from './validate/types.js';
import { validateTable } from './validate/validate-table.js';
import { arrowBytes, jsonText, writeOutput } from './write-outputs.js';
import { acquireWriterLock } from './writer-lock.js';

export interface PrepareOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Rebuild even when data.lock says everything is up to date. */
  force?: boolean;
  /** Bytes read / total while ingesting (progress bar on a TTY). */
  onProgress?: (bytes: number, total: number) => void;
  /** How long to wait for another prepare of the same project to finish (ms; default 0: fail fast). */
  waitMs?: number;
}

/** The writer lock of `data/processed/` and data.lock: one prepare at a time per project. */
export const PREPARE_LOCK = '.prepare.lock';

export interface PrepareResult {
  /** True when nothing changed since the last run and the outputs were kept. */
  skipped: boolean;
  lockFile: string;
  outputs: LockedFile[];
  rows: DataLock['rows'];
  task: Task;
  features: number;
  width: number;
  fingerprint: string;
  report: ValidationReport | null;
  durationMs: number;
}

/**
 * ingest → validate (fail fast) → clean → split → fit the pipeline on train → write + lock. One prepare
 * writes a project at a time (`data/processed/.prepare.lock`): another one waits `waitMs`, then fails
 * with MLX_DATA_LOCKED naming the holder; the lock of a process that died is taken over.
 */
export async function prepareData(options: PrepareOptions): Promise<PrepareResult> {
  const started = performance.now();
  const { root, config, logger } = options;
  const paths = dataPaths(root, config);
  requireTarget(config);
  const upToDate = async () => {
    if (options.force) return null;
    const status = await dataStatus({ root, config });
    if (!status.upToDate || !status.lock) return null;
    logger.info('data is up to date; nothing to do (use --force to rebuild)', { lock: status.lockFile });
    return resultFromLock(status.lock, status.lockFile, performance.now() - started);
  };
  const before = await upToDate();
  if (before) return before;
  const lock = await acquireWriterLock(path.join(paths.processed, PREPARE_LOCK), {
    what: 'mlx data prepare',
    waitMs: options.waitMs ?? 0,
  });
  if (lock.tookOverFrom)
    logger.warn('took over the prepare lock of a process that is gone', { ...lock.tookOverFrom, file: lock.file });
  try {
    // The run we waited for may have produced exactly these outputs.
    return (await upToDate()) ?? (await prepareLocked(options, started));
  } finally {
    lock.release();
  }
}

async function prepareLocked(options: PrepareOptions, started: number): Promise<PrepareResult> {
  const { root, config, logger } = options;
  const paths = dataPaths(root, config);
  const target = requireTarget(config);
  const source = relativePath(root, paths.source);
  logger.info('reading', { file: source });
  const ingest = await ingestFile(paths.source, {
    config,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  logger.info('read', { rows: ingest.rows, columns: ingest.table.numCols(), format: ingest.format });
  const task = resolveTask(ingest.table, config);
  const columns = ingest.table.columnNames();
  const undeclared = columns.filter((c) => c !== target && !Object.hasOwn(config.data.features, c));
  const observed = observeColumns(ingest.table, undeclared, ingest.types, {
    na: new Set(config.data.na_values),
    maxCategories: config.data.checks.max_categories,
  });
  const schema = buildSchema(columns, ingest.types, config, task, observed);
  const report = validateTable(ingest.table, schema, { file: source, requireTarget: true, config });
  if (!report.valid) {
    throw new DataValidationError(`Data validation failed.\n${formatValidationReport(report)}`, {
      hint: 'Fix the data, or adjust the checks in mlx.config.yaml (data.features, data.checks, data.na_values).',
      details: report,
    });
  }
  logger.debug('validated', { ms: Math.round(performance.now() - started) });
  for (const v of report.violations) logger.warn(`${v.column ?? '(dataset)'} [${v.rule}] ${v.message}`);
  const na = new Set(config.data.na_values);
  const cleaned = await cleanTable(ingest.table, target, task, { dedupe: config.data.dedupe, na });
  const table = cleaned.table;
  const fullSchema: InputSchema = {
    ...schema,
    target: { name: target, task, classes: task === 'classification' ? targetClasses(table, target) : null },
  };
  const { split } = config.data;
  const indices = splitIndices(table.numRows(), split, config.seed, {
    labels: task === 'classification' && split.stratify && split.key === null ? columnValues(table, target) : null,
    keys: split.key === null ? null : columnValues(table, split.key),
  });
  const [train, val, test] = await Promise.all([
    takeRows(table, indices.train),
    takeRows(table, indices.val),
    takeRows(table, indices.test),
  ]);
  logger.debug('split', { ms: Math.round(performance.now() - started) });
  const pipeline = fitPipeline(train, fullSchema, config);
  logger.debug('fitted', { ms: Math.round(performance.now() - started) });
  const types = {
    ...ingest.types,
    [target]: task === 'classification' ? (ingest.types[target] ?? 'categorical') : 'numeric',
  };
  const out = paths.outputs;
  const outs = [
    await writeOutput(root, out.train, await arrowBytes(train), train.numRows()),
    await writeOutput(root, out.val, await arrowBytes(val), val.numRows()),
    await writeOutput(root, out.test, await arrowBytes(test), test.numRows()),
    await writeOutput(root, out.pipeline, jsonText(pipeline)),
    await writeOutput(root, out.schema, jsonText(fullSchema)),
    await writeOutput(root, out.profile, jsonText(profileTable(table, types))),
  ];
  logger.debug('written', { ms: Math.round(performance.now() - started) });
  const params = lockParams(config);
  const { size } = await (await import('node:fs/promises')).stat(paths.source);
  const lock: DataLock = {
    version: 1,
    mlx_version: mlxVersion(),
    params_sha256: paramsHash(params),
    params,
    provenance: config.data.provenance,
    task,
    features: fullSchema.features.length,
    width: pipeline.width,
    deps: [{ path: source, sha256: await sha256File(paths.source), size, rows: ingest.rows }],
    outs,
    rows: {
      raw: ingest.rows,
      dropped_missing_target: cleaned.droppedMissingTarget,
      duplicates_removed: cleaned.duplicatesRemoved,
      train: train.numRows(),
      val: val.numRows(),
      test: test.numRows(),
    },
    fingerprint: fingerprintOf(outs),
  };
  await writeLock(paths.lock, lock);
  logger.info('prepared', { ...lock.rows, width: pipeline.width, fingerprint: lock.fingerprint.slice(0, 12) });
  const result = resultFromLock(lock, relativePath(root, paths.lock), performance.now() - started);
  return { ...result, skipped: false, report };
}

function resultFromLock(lock: DataLock, lockFile: string, durationMs: number): PrepareResult {
  return {
    skipped: true,
    lockFile,
    outputs: lock.outs,
    rows: lock.rows,
    task: lock.task,
    features: lock.features,
    width: lock.width,
    fingerprint: lock.fingerprint,
    report: null,
    durationMs: Math.round(durationMs),
  };
}
