/** The scoring helpers of a training run: targets, the baseline, metric names. */
import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { BundleInfo, Predictor } from '../contracts.js';
import { actualTargets, type FittedPipeline, tableSource } from '../data/index.js';
import { isMlxError, TrainingDivergedError } from '../errors.js';
import { type Baseline, fitBaseline } from '../evaluate/baseline.js';
import { type PermutationImportance, permutationImportance } from '../evaluate/permutation-importance.js';
import { divergedAtEpoch, divergedEpoch } from '../train/divergence.js';
import type { TrainedModel } from '../train/trainer.js';

/** Metrics with a prefix on every name (`val_accuracy`). */
export function prefixed(prefix: string, metrics: Record<string, number>): Record<string, number> {
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

/** The bundle info of a model still in memory (scored before it is written). */
export function inMemoryInfo(config: MlxConfig, runId: string, task: BundleInfo['task'], dir: string): BundleInfo {
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

/**
 * The family-agnostic half of the divergence contract: a trained model whose history has a non-finite
 * loss is refused (its scorer released) whatever its trainer did, before anything is scored or written.
 */
export function refuseDivergence(trained: Pick<TrainedModel, 'history' | 'scorer'>): void {
  const epoch = divergedEpoch(trained.history);
  if (!epoch) return;
  trained.scorer.dispose();
  throw divergedAtEpoch(epoch);
}

/** A model that scores its own splits to NaN or Infinity diverged (MLX_MODEL_OUTPUT → MLX_TRAINING_DIVERGED). */
export function divergedOutputs(error: unknown): unknown {
  if (!isMlxError(error) || error.code !== 'MLX_MODEL_OUTPUT') return error;
  return new TrainingDivergedError(
    `Training diverged: the trained model scores its own data to NaN or Infinity (${error.message}) The run failed and no model version was registered.`,
    { details: error.details, cause: error },
  );
}

/** Permutation importance of every input feature on the test split, through the run's Predictor (seeded). */
export function testImportance(
  predictor: Predictor,
  pipeline: FittedPipeline,
  test: ColumnTable,
  seed: number,
): PermutationImportance | null {
  return permutationImportance({
    predict: (source) => predictor.predictColumns(source),
    source: tableSource(test),
    features: pipeline.features.map((f) => f.name),
    yTrue: targetsOf(pipeline, test),
    split: 'test',
    seed,
  });
}
