/** The scoring helpers of a training run: targets, the baseline, metric names. */
import type { ColumnTable } from 'arquero';
import type { MlxConfig } from '../config/index.js';
import type { BundleInfo, Predictor } from '../contracts.js';
import { actualTargets, type FittedPipeline, tableSource } from '../data/index.js';
import { type Baseline, fitBaseline } from '../evaluate/baseline.js';
import { type PermutationImportance, permutationImportance } from '../evaluate/permutation-importance.js';

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
