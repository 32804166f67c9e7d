import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import winston from 'winston';
import { stringify } from 'yaml';
import { type MlxConfig, projectPath } from '../config/index.js';
import { tableSource } from '../data/index.js';
import { InputError, InterruptedError } from '../errors.js';
import type { Baseline } from '../evaluate/baseline.js';
import { type Scored, scalarMetrics, scoreOutputs } from '../evaluate/score.js';
import type { Logger } from '../logging.js';
import { familyForType, predictorFor, writeBundle } from '../model/index.js';
import { configHash, flatten, gitInfo, trainingConfig, versions } from '../tracking/lineage.js';
import { identicalVersion } from '../tracking/register-run.js';
import { nextVersion, registerVersion } from '../tracking/registry.js';
import { openRegistryStore } from '../tracking/registry-store.js';
import { createRunDir, RUN_FILES, type RunRecord, updateRun } from '../tracking/run-dir.js';
import { loadPreparedData } from '../train/dataset.js';
import { trainerFor } from '../train/families/index.js';
import { trainSeed } from '../train/seed.js';
import type { EpochStats } from '../train/types.js';
import {
  divergedOutputs,
  inMemoryInfo,
  prefixed,
  refuseDivergence,
  targetsOf,
  testImportance,
  trainBaseline,
} from './train-scores.js';

export { targetsOf, trainBaseline } from './train-scores.js';

export interface TrainOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  signal?: AbortSignal;
  onEpoch?: (stats: EpochStats) => void;
  /** Called when the epochs are over, before scoring and writing (ends a progress bar). */
  onFitEnd?: () => void;
  /** Do not register a model version (`runs verify`, sweep members before the best is known). */
  register?: boolean;
  /** Register a new version even when one with the same data fingerprint and config hash exists. */
  force?: boolean;
}

export interface TrainResult {
  runId: string;
  runDir: string;
  bundleDir: string;
  status: RunRecord['status'];
  /** The model version this run is (or is identical to), null when none. */
  model: { name: string; version: number | null };
  /**
   * `new`: registered as a new version; `identical`: not registered, a version with the same data and
   * config exists (`model.version`); `reused`: nothing trained, an identical completed run exists;
   * `none`: not registered (interrupted, `train.register`, or a sweep member that was not the best).
   */
  registration: 'new' | 'identical' | 'reused' | 'none';
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
  /** False when the best epoch was the last one and training did not stop early: raise epochs or lr. */
  converged: boolean;
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
  const seed = trainSeed(config);
  logger.info(
    `run ${id}: ${data.train.rows} train / ${data.val.rows} val / ${data.tables.test.numRows()} test rows, ${data.train.width} inputs`,
    { run: id, train_seed: seed },
  );
  try {
    const trained = await trainer.fit(
      { train: data.train, val: data.val, task: data.task, classes: data.classes, pipeline: data.pipeline },
      {
        config,
        seed,
        logger,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      },
    );
    options.onFitEnd?.();
    const history = trained.history.map((h) => ({
      epoch: h.epoch,
      loss: h.loss,
      ...h.val,
      ...(h.lr === undefined ? {} : { lr: h.lr }),
      elapsed_ms: h.elapsedMs,
    }));
    writeFileSync(path.join(dir, RUN_FILES.history), `${JSON.stringify(history, null, 2)}\n`);
    refuseDivergence(trained);
    const predictor = predictorFor(
      trained.scorer,
      { info: inMemoryInfo(config, id, data.task, dir), ...data },
      family.encoding,
    );
    let modelFiles: Record<string, string | Uint8Array>;
    let scores: { train: Scored; val: Scored | null; test: Scored; baseline: Baseline };
    let importance: ReturnType<typeof testImportance> = null;
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
      importance = testImportance(predictor, data.pipeline, data.tables.test, config.seed);
      modelFiles = await trained.files();
    } catch (error) {
      throw divergedOutputs(error);
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
    const converged = trained.stoppedEarly || trained.interrupted || trained.bestEpoch < trained.history.length;
    if (!converged)
      logger.warn(
        `not converged: the best ${trained.monitor} was at the last epoch (${trained.bestEpoch}); ${trained.notConverged ?? 'raise train.epochs or train.lr'}`,
        { run: id },
      );
    const register = options.register !== false && !trained.interrupted;
    const registry = register ? await openRegistryStore({ root, config, onWarning: (m) => logger.warn(m) }) : null;
    const same =
      registry && !options.force
        ? await identicalVersion(registry, config.model.name, data.fingerprint, hash)
        : undefined;
    let version = registry && !same ? await nextVersion(registry, config.model.name) : null;
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
          ...(importance ? { permutation_importance: importance } : {}),
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
          trainSeed: seed,
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
        `Training interrupted at epoch ${trained.history.length}; the best model so far is in ${bundleDir} (not registered).`,
        {
          hint: `Nothing resumes: \`mlx train\` starts a new run from scratch. Evaluate the partial model with \`mlx evaluate --model ${id}\`.`,
        },
      );
    }
    if (same)
      logger.info(
        `run ${id} done: no new version, ${config.model.name} v${same.version} has the same data and config (--force registers one)`,
        { run: id, ...headline },
      );
    else
      logger.info(`run ${id} done: model ${config.model.name} v${version ?? '(not registered)'}`, {
        run: id,
        ...headline,
      });
    return {
      runId: id,
      runDir: dir,
      bundleDir,
      status,
      model: { name: config.model.name, version: version ?? same?.version ?? null },
      registration: version !== null ? 'new' : same ? 'identical' : 'none',
      task: data.task,
      metrics: headline,
      baseline: scalarMetrics(scores.test.baseline),
      rows: { train: data.train.rows, val: data.val.rows, test: data.tables.test.numRows() },
      width: data.train.width,
      epochs: trained.history.length,
      bestEpoch: trained.bestEpoch,
      stoppedEarly: trained.stoppedEarly,
      converged,
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
