import { writeFileSync } from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { stringify } from 'yaml';
import type { MlxConfig } from '../config/index.js';
import { InterruptedError } from '../errors.js';
import { type Baseline, fitBaseline } from '../evaluate/baseline.js';
import { scalarMetrics } from '../evaluate/score.js';
import { scoreMatrix } from '../evaluate/score-matrix.js';
import type { Logger } from '../logging.js';
import { loadTf } from '../model/backend.js';
import { buildModel } from '../model/build.js';
import { writeBundle } from '../model/bundle.js';
import { serializeModel } from '../model/tfjs-io.js';
import { configHash, flatten, gitInfo, trainingConfig, versions } from '../tracking/lineage.js';
import { nextVersion, registerVersion } from '../tracking/registry.js';
import { createRunDir, RUN_FILES, type RunRecord, updateRun } from '../tracking/run-dir.js';
import type { PreparedData } from './dataset.js';
import { loadPreparedData } from './dataset.js';
import { fitModel } from './fit.js';
import { trainSettings } from './settings.js';
import type { EpochStats } from './types.js';

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
 * One training run: load prepared data → build → fit (seeded) → score train/val/test and the
 * baseline → write `runs/<id>/` (config, log, history, bundle) → register a model version.
 * On Ctrl-C (signal) the best model so far is written and InterruptedError is thrown.
 */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { root, config, logger } = options;
  const started = Date.now();
  const { tf, backend } = await loadTf(config.train.backend, logger);
  const data = await loadPreparedData({ root, config });
  const hash = configHash(config);
  const runsDir = path.resolve(root, config.paths.runs);
  const modelsDir = path.resolve(root, config.paths.models);
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
    backend,
    error: null,
  });
  writeFileSync(path.join(dir, RUN_FILES.config), stringify(config));
  const fileLog = new winston.transports.File({
    filename: path.join(dir, RUN_FILES.log),
    format: winston.format.json(),
  });
  logger.add(fileLog);
  logger.info(
    `run ${id}: ${data.train.rows} train / ${data.val.rows} val / ${data.test.rows} test rows, ${data.train.width} inputs`,
    {
      run: id,
    },
  );
  try {
    const model = buildModel(tf, {
      ...config.model,
      inputWidth: data.train.width,
      task: data.task,
      classes: data.classes.length,
      seed: config.seed,
    });
    const settings = trainSettings(config, data.task, data.classes, data.train);
    const fit = await fitModel(tf, model, {
      train: data.train,
      val: data.val,
      settings,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    options.onFitEnd?.();
    const history = fit.history.map((h) => ({ epoch: h.epoch, loss: h.loss, ...h.val, elapsed_ms: h.elapsedMs }));
    writeFileSync(path.join(dir, RUN_FILES.history), `${JSON.stringify(history, null, 2)}\n`);
    const baseline = trainBaseline(data);
    const score = (m: typeof data.train) => scoreMatrix(tf, model, m, data.pipeline, baseline);
    const test = score(data.test);
    const val = data.val.rows > 0 ? scalarMetrics(score(data.val).metrics) : {};
    const train = scalarMetrics(score(data.train).metrics);
    const headline = {
      ...prefixed('val', val),
      ...prefixed('test', scalarMetrics(test.metrics)),
      ...prefixed('baseline_test', scalarMetrics(test.baseline)),
    };
    const register = options.register !== false && !fit.interrupted;
    const version = register ? nextVersion(modelsDir, config.model.name) : null;
    const saved = await serializeModel(tf, model);
    model.dispose();
    const bundleDir = path.join(dir, RUN_FILES.bundle);
    const lineage = writeBundle(bundleDir, {
      model: saved,
      pipeline: data.pipeline,
      schema: data.schema,
      reference: data.reference,
      metrics: {
        task: data.task,
        monitor: fit.monitor,
        best_epoch: fit.bestEpoch,
        train,
        val,
        test: test.metrics,
        baseline: { fit: baseline, test: test.baseline },
        history,
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
        versions: versions(tf.version.tfjs),
        backend,
        seed: config.seed,
      },
    });
    if (version !== null) {
      registerVersion(modelsDir, config.model.name, bundleDir, {
        version,
        runId: id,
        createdAt: lineage.createdAt,
        metrics: headline,
        dataFingerprint: data.fingerprint,
        configHash: hash,
      });
    }
    const status = fit.interrupted ? 'interrupted' : 'completed';
    updateRun(dir, {
      status,
      finishedAt: new Date().toISOString(),
      metrics: headline,
      model: { name: config.model.name, version },
      weightsSha256: lineage.weightsSha256,
    });
    if (fit.interrupted) {
      throw new InterruptedError(
        `Training interrupted at epoch ${fit.history.length}; the best model so far is in ${bundleDir}.`,
        {
          hint: `Resume by training again; evaluate the partial model with \`mlx evaluate --model ${id}\`.`,
        },
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
      baseline: scalarMetrics(test.baseline),
      rows: { train: data.train.rows, val: data.val.rows, test: data.test.rows },
      width: data.train.width,
      epochs: fit.history.length,
      bestEpoch: fit.bestEpoch,
      stoppedEarly: fit.stoppedEarly,
      backend,
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

/** The baseline fitted on the training split, in target units (regression targets are un-scaled). */
export function trainBaseline(data: PreparedData): Baseline {
  if (data.task === 'classification') return fitBaseline(data.train.y, data.classes.length);
  const { center, scale } = data.pipeline.target;
  return fitBaseline(
    Float64Array.from(data.train.y, (v) => v * scale + center),
    0,
  );
}
