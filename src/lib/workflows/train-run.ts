import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import winston from 'winston';
import { stringify } from 'yaml';
import { type MlxConfig, projectPath } from '../config/index.js';
import type { BundleInfo } from '../contracts.js';
import { actualTargets, type FittedPipeline, tableSource } from '../data/index.js';
import { InputError, InterruptedError } from '../errors.js';
import { type Baseline, fitBaseline } from '../evaluate/baseline.js';
import { type Scored, scalarMetrics, scoreOutputs } from '../evaluate/score.js';
import type { Logger } from '../logging.js';
import { familyForType, predictorFor, writeBundle } from '../model/index.js';
import { configHash, flatten, gitInfo, trainingConfig, versions } from '../tracking/lineage.js';
import { nextVersion, registerVersion } from '../tracking/registry.js';
import { openRegistryStore } from '../tracking/registry-store.js';
import { createRunDir, RUN_FILES, type RunRecord, updateRun } from '../tracking/run-dir.js';
import { loadPreparedData } from '../train/dataset.js';
import { trainerFor } from '../train/families/index.js';
import type { EpochStats } from '../train/types.js';

export interface TrainOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  signal?: AbortSignal;
  onEpoch?: (stats: EpochStats) => void;
  /** Called when the epochs are over, before scoring and writing (ends a progress bar). */
  onFitEnd?: () => void;
  /** Do not register a model version (used by `runs verify`). */
  register?: boolean;
}

export interface TrainResult {
  runId: string;
  runDir: string;
  bundleDir: string;
  status: RunRecord['status'];
  model: { name: string; version: number | null };
  task: 'classification' | 'regression';
  metrics: Record<string, number>;
  baseline: Record<string, number>;
  /** Rows of each split. */
  rows: { train: number; val: number; test: number };
  /** Input width after preprocessing. */
  width: number;
  epochs: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: string;
  weightsSha256: string;
  dataFingerprint: string;
  configHash: string;
  durationMs: number;
}

/** Key parameters shown by `mlx runs list`. */
export function runParams(config: MlxConfig): Record<string, unknown> {
  const flat = flatten(trainingConfig(config));
  return Object.fromEntries(Object.entries(flat).filter(([k]) => /^(seed|model\.|train\.)/.test(k)));
}

/**
 * One training run: load the prepared data → the family's trainer fits (seeded) → the splits and the
 * baseline are scored through the model's Predictor → `runs/<id>/` (config, log, history, bundle) →
 * a registered model version. On Ctrl-C (signal) the best model so far is written and
 * InterruptedError is thrown.
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { root, config, logger } = options;
  const started = Date.now();
  const family = familyForType(config.model.type);
  const trainer = trainerFor(family.name);
  const data = await loadPreparedData({ root, config, encoding: family.encoding });
  const hash = configHash(config);
  const runsDir = projectPath(root, config.paths.runs);
  const { id, dir } = createRunDir(runsDir, {
    status: 'running',
    startedAt: new Date(started).toISOString(),
    finishedAt: null,
    params: runParams(config),
    metrics: {},
    dataFingerprint: data.fingerprint,
    configHash: hash,
    model: null,
    weightsSha256: null,
    backend: null,
    error: null,
  });
  writeFileSync(path.join(dir, RUN_FILES.config), stringify(config));
  const fileLog = new winston.transports.File({
    filename: path.join(dir, RUN_FILES.log),
    format: winston.format.json(),
  });
  logger.add(fileLog);
  logger.info(
    `run ${id}: ${data.train.rows} train / ${data.val.rows} val / ${data.tables.test.numRows()} test rows, ${data.train.width} inputs`,
    { run: id },
  );
  try {
    const trained = await trainer.fit(
      { train: data.train, val: data.val, task: data.task, classes: data.classes, pipeline: data.pipeline },
      {
        config,
        seed: config.seed,
        logger,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      },
    );
    options.onFitEnd?.();
    const history = trained.history.map((h) => ({ epoch: h.epoch, loss: h.loss, ...h.val, elapsed_ms: h.elapsedMs }));
    writeFileSync(path.join(dir, RUN_FILES.history), `${JSON.stringify(history, null, 2)}\n`);
    const predictor = predictorFor(
      trained.scorer,
      { info: inMemoryInfo(config, id, data.task, dir), ...data },
      family.encoding,
    );
    let modelFiles: Record<string, string | Uint8Array>;
    let scores: { train: Scored; val: Scored | null; test: Scored; baseline: Baseline };
    try {
      const baseline = trainBaseline(data.pipeline, data.tables.train, data.classes.length);
      const score = (table: ColumnTable) =>
        scoreOutputs(predictor.predictColumns(tableSource(table)), targetsOf(data.pipeline, table), baseline);
      scores = {
        test: score(data.tables.test),
        val: data.tables.val.numRows() > 0 ? score(data.tables.val) : null,
        train: score(data.tables.train),
        baseline,
      };
      modelFiles = await trained.files();
    } finally {
      predictor.dispose();
    }
    const val = scores.val ? scalarMetrics(scores.val.metrics) : {};
    const train = scalarMetrics(scores.train.metrics);
    const headline = {
      ...prefixed('val', val),
      ...prefixed('test', scalarMetrics(scores.test.metrics)),
      ...prefixed('baseline_test', scalarMetrics(scores.test.baseline)),
    };
    const register = options.register !== false && !trained.interrupted;
    const registry = register ? await openRegistryStore({ root, config, onWarning: (m) => logger.warn(m) }) : null;
    let version = registry ? await nextVersion(registry, config.model.name) : null;
    const bundleDir = path.join(dir, RUN_FILES.bundle);
    const publish = (version: number | null) =>
      writeBundle(bundleDir, {
        family,
        modelFiles,
        pipeline: data.pipeline,
        schema: data.schema,
        reference: data.reference,
        metrics: {
          task: data.task,
          monitor: trained.monitor,
          best_epoch: trained.bestEpoch,
          train,
          val,
          test: scores.test.metrics,
          baseline: { fit: scores.baseline, test: scores.test.baseline },
          history,
          ...trained.summary,
        },
        configYaml: stringify(config),
        lineage: {
          runId: id,
          name: config.model.name,
          version,
          createdAt: new Date().toISOString(),
          task: data.task,
          dataFingerprint: data.fingerprint,
          configHash: hash,
          git: gitInfo(root),
          versions: versions(trained.versions),
          backend: trained.backend,
          seed: config.seed,
        },
      });
    let lineage = publish(version);
    // Parallel sweep members (--jobs) may pick the same number: the first to publish keeps it, the next retries.
    for (let attempt = 0; registry && version !== null; attempt++) {
      try {
        await registerVersion(registry, config.model.name, bundleDir, {
          version,
          runId: id,
          createdAt: lineage.createdAt,
          metrics: headline,
          dataFingerprint: data.fingerprint,
          configHash: hash,
        });
        break;
      } catch (error) {
        if (!(error instanceof InputError && error.code === 'MLX_REGISTRY_CONFLICT') || attempt >= 20) throw error;
        version = Math.max(await nextVersion(registry, config.model.name), version + 1);
        lineage = publish(version);
      }
    }
    const status = trained.interrupted ? 'interrupted' : 'completed';
    updateRun(dir, {
      status,
      finishedAt: new Date().toISOString(),
      metrics: headline,
      model: { name: config.model.name, version },
      weightsSha256: lineage.weightsSha256,
      backend: trained.backend,
    });
    if (trained.interrupted) {
      throw new InterruptedError(
        `Training interrupted at epoch ${trained.history.length}; the best model so far is in ${bundleDir}.`,
        { hint: `Resume by training again; evaluate the partial model with \`mlx evaluate --model ${id}\`.` },
      );
    }
    logger.info(`run ${id} done: model ${config.model.name} v${version}`, { run: id, ...headline });
    return {
      runId: id,
      runDir: dir,
      bundleDir,
      status,
      model: { name: config.model.name, version },
      task: data.task,
      metrics: headline,
      baseline: scalarMetrics(scores.test.baseline),
      rows: { train: data.train.rows, val: data.val.rows, test: data.tables.test.numRows() },
      width: data.train.width,
      epochs: trained.history.length,
      bestEpoch: trained.bestEpoch,
      stoppedEarly: trained.stoppedEarly,
      backend: trained.backend,
      weightsSha256: lineage.weightsSha256,
      dataFingerprint: data.fingerprint,
      configHash: hash,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (!(error instanceof InterruptedError))
      updateRun(dir, {
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: String((error as Error).message ?? error),
      });
    throw error;
  } finally {
    logger.remove(fileLog);
    fileLog.close?.();
  }
}

function prefixed(prefix: string, metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/** The actual targets of a split: class indices, or values in target units. */
export function targetsOf(pipeline: FittedPipeline, table: ColumnTable): Float64Array {
  return actualTargets(pipeline, table.array(pipeline.target.name) as ArrayLike<unknown>);
}

/** The majority / mean baseline fitted on the training split, in target units. */
export function trainBaseline(pipeline: FittedPipeline, train: ColumnTable, classes: number): Baseline {
  return fitBaseline(targetsOf(pipeline, train), pipeline.target.task === 'classification' ? classes : 0);
}

function inMemoryInfo(config: MlxConfig, runId: string, task: BundleInfo['task'], dir: string): BundleInfo {
  return {
    name: config.model.name,
    version: null,
    runId,
    createdAt: new Date().toISOString(),
    task,
    dir,
    metrics: {},
    lineage: {},
  };
}
