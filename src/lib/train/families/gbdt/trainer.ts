import { createHash } from 'node:crypto';
import type { MlxConfig } from '../../../config/index.js';
import { BugError, ConfigError, DataValidationError } from '../../../errors.js';
import {
  featureImportance,
  GBDT_FILE,
  GBDT_FORMAT_VERSION,
  type GbdtModel,
  gbdtScorer,
  serializeGbdtModel,
  summarizeForest,
} from '../../../model/families/gbdt/index.js';
import { classWeights } from '../../class-weights.js';
import type { Trainer, TrainingSet } from '../../trainer.js';
import type { EpochStats, Matrix } from '../../types.js';
import { fitGbdt } from './fit.js';
import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm.js';
import type { GbdtData, GbdtFitResult, GbdtIterationStats, GbdtParams } from './types.js';

type GbdtConfig = Extract<MlxConfig['model'], { type: 'gbdt' }>;

/** The `train.*` keys of the tfjs family, which a GBDT run does not read (it has its own in `model.*`). */
const TFJS_TRAIN_KEYS = ['backend', 'epochs', 'batch_size', 'lr', 'optimizer', 'lr_schedule', 'early_stopping'];

/** The hyper-parameters of `model.*` as the engine takes them (`seed` comes from the run). */
export function gbdtParams(model: GbdtConfig): Partial<GbdtParams> {
  const { name: _name, type: _type, ...params } = model;
  return params;
}

/** One split (ordinal Matrix) as the engine's input: float64 rows, the column layout, the target and its weights. */
export function gbdtData(set: TrainingSet, split: Matrix, classWeight: Float32Array | null): GbdtData {
  if (!split.columns) throw new BugError('The gbdt trainer needs the ordinal encoding (its column layout is missing).');
  const y = Float64Array.from(split.y);
  const weights = classWeight ? Float64Array.from(y, (c) => classWeight[c] ?? 1) : null;
  return {
    x: split.x instanceof Float64Array ? split.x : Float64Array.from(split.x),
    rows: split.rows,
    width: split.width,
    columns: split.columns.map((c) => ({ ...c })),
    y,
    task: set.task,
    classes: set.task === 'classification' ? set.classes.length : 1,
    weights,
  };
}

/** The model as it was after `iterations` boosting iterations (early stopping and Ctrl-C keep the best one). */
export function keepIterations(model: GbdtModel, iterations: number): GbdtModel {
  if (iterations >= model.iterations) return model;
  return { ...model, iterations, trees: model.trees.slice(0, iterations * model.treesPerIteration) };
}

/**
 * The learning curve in the units the MLP reports: log-loss, or the mean squared error (the engine
 * monitors half of it, as scikit-learn does), in the scale the model was trained on.
 */
function epochStats(s: GbdtIterationStats, epochs: number, task: TrainingSet['task']): EpochStats {
  const unit = task === 'regression' ? 2 : 1;
  return {
    epoch: s.iteration,
    epochs,
    loss: s.trainLoss * unit,
    val: s.valLoss === undefined ? {} : { val_loss: s.valLoss * unit },
    elapsedMs: s.elapsedMs,
    improved: s.improved,
  };
}

function singleClassCheck(set: TrainingSet): void {
  if (set.task === 'classification' && set.classes.length < 2)
    throw new DataValidationError(
      `Target '${set.pipeline.target.name}' has a single class (${set.classes.join(', ') || 'none'}) in the training split: there is nothing to learn.`,
      {
        code: 'MLX_DATA_TARGET',
        hint: 'Check data.target, or add rows of the other classes (a classifier needs at least two).',
      },
    );
}

/** What metrics.json keeps of a fit: the forest, its settings, where the time went, and feature importance. */
function summaryOf(fit: GbdtFitResult, model: GbdtModel, seed: number): Record<string, unknown> {
  const forest = summarizeForest(model);
  const t = fit.timings;
  return {
    forest: {
      iterations: forest.iterations,
      trees: forest.trees,
      leaves: forest.leaves,
      max_depth: forest.maxDepth,
      iterations_run: fit.history.length,
      best_iteration: fit.bestIteration,
    },
    settings: { ...fit.params, seed, early_stopping_resolved: fit.earlyStopping, monitor: fit.monitor },
    training: {
      loop_seconds: t.total / 1000,
      binning_seconds: t.binning / 1000,
      histogram_seconds: t.histograms / 1000,
      split_seconds: t.splitting / 1000,
      loss_seconds: t.loss / 1000,
      threads: fit.threads,
      kernel: fit.kernel,
    },
    feature_importance: { type: 'gain', features: featureImportance(model) },
  };
}

/**
 * Trains histogram gradient-boosted trees (fitGbdt) on the ordinal encoding: class weights become row
 * weights, early stopping watches the project's validation split, and the same data, config and seed
 * give the same `gbdt.json` byte for byte, with 1 or 2 threads.
 */
export const gbdtTrainer: Trainer = {
  family: 'gbdt',
  async fit(set, { config, seed, logger, signal, onEpoch }) {
    const model = config.model;
    if (model.type !== 'gbdt')
      throw new ConfigError(`The gbdt trainer cannot train model.type '${model.type}'.`, {
        hint: 'Select the gbdt group: --set model=gbdt.',
      });
    singleClassCheck(set);
    const weights =
      set.task === 'classification' ? classWeights(config.train.class_weights, set.classes, set.train.y) : null;
    const train = gbdtData(set, set.train, weights);
    const val = set.val.rows > 0 ? gbdtData(set, set.val, weights) : undefined;
    const params = gbdtParams(model);
    logger.info(
      `gbdt: learning_rate ${model.learning_rate}, max_iter ${model.max_iter}, max_leaf_nodes ${model.max_leaf_nodes ?? 'none'}, min_samples_leaf ${model.min_samples_leaf}, early stopping ${model.early_stopping} on ${val ? 'val_loss' : 'the training loss'}`,
    );
    logger.debug(
      `gbdt reads model.*, train.class_weights and train.seed; train.${TFJS_TRAIN_KEYS.join('/')} are the MLP's`,
    );
    const fit = await fitGbdt(train, params, {
      seed,
      ...(val ? { val } : {}),
      ...(signal ? { signal } : {}),
      ...(onEpoch ? { onIteration: (s) => onEpoch(epochStats(s, model.max_iter, set.task)) } : {}),
    });
    // With early stopping (or when interrupted) the best iteration is kept, as LightGBM does; without
    // it every iteration is, as scikit-learn does.
    const kept = fit.earlyStopping || fit.interrupted ? keepIterations(fit.model, fit.bestIteration) : fit.model;
    const bytes = serializeGbdtModel(kept);
    return {
      scorer: gbdtScorer(kept, model.threads),
      files: async () => ({ [GBDT_FILE]: bytes }),
      history: fit.history.map((s) => epochStats(s, model.max_iter, set.task)),
      bestEpoch: fit.bestIteration,
      monitor: fit.monitor === 'val_loss' ? 'val_loss' : 'loss',
      stoppedEarly: fit.stoppedEarly,
      interrupted: fit.interrupted,
      backend: fit.kernel,
      versions: {
        'mlx-gbdt': String(GBDT_FORMAT_VERSION),
        'mlx-gbdt-kernels': createHash('sha256').update(HISTOGRAM_WASM_BASE64).digest('hex').slice(0, 12),
      },
      notConverged: 'raise model.max_iter or model.learning_rate, or turn on model.early_stopping',
      summary: summaryOf(fit, kept, seed),
    };
  },
};
