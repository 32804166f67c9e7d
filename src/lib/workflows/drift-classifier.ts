import type { DriftConfig } from '../config/sections/drift.js';
import type { InputSchema } from '../contracts.js';
import type { ColumnSource } from '../drift/compute.js';
import type { MultivariateStatistic } from '../drift/methods/mlx.js';
import { type DomainFitScore, domainClassifierTest } from '../drift/multivariate/domain-classifier.js';

/**
 * A small, fixed GBDT for telling the two sides apart: 50 trees of ≤ 15 leaves (depth enough for
 * interactions, i.e. changed relationships between columns), no early stopping (the held-out half is
 * for the test), one thread (deterministic and light on a shared machine).
 */
const CLASSIFIER_PARAMS = {
  max_iter: 50,
  learning_rate: 0.1,
  max_leaf_nodes: 15,
  min_samples_leaf: 20,
  early_stopping: false,
  threads: 1,
} as const;

/** The domain classifier's model: the project's GBDT engine (trained on one half, raw scores on the other). */
export const gbdtFitScore: DomainFitScore = async (train, test, seed) => {
  // Loaded on first use: drift without the multivariate test never pays for the engine.
  const [{ fitGbdt }, { predictRaw }] = await Promise.all([
    import('../train/families/gbdt/index.js'),
    import('../model/families/gbdt/index.js'),
  ]);
  const { model } = await fitGbdt({ ...train, task: 'classification', classes: 2 }, CLASSIFIER_PARAMS, { seed });
  return predictRaw(model, test.x, test.rows, test.width);
};

/**
 * The multivariate test when `drift.multivariate` asks for it (method mlx): the statistic, why it could
 * not run, or undefined when off.
 */
export async function multivariateDrift(
  reference: ColumnSource,
  current: ColumnSource,
  schema: Pick<InputSchema, 'features'>,
  config: Pick<DriftConfig, 'multivariate' | 'method' | 'fdr' | 'min_samples'>,
): Promise<MultivariateStatistic | string | undefined> {
  if (config.multivariate === 'off' || config.method !== 'mlx') return undefined;
  if (current.rows < config.min_samples || reference.rows === 0) return undefined;
  const features = schema.features.map((f) => ({
    name: f.name,
    kind: f.type === 'numeric' ? ('numeric' as const) : ('categorical' as const),
  }));
  const statistic = await domainClassifierTest({
    reference,
    current,
    features,
    fitScore: gbdtFitScore,
    model: 'gbdt',
    // The corrected family is the features plus this test: resolve p-values down to fdr / that size.
    level: config.fdr / (features.length + 1),
  });
  return statistic ?? 'fewer than 10 rows on a side, or no feature present on both sides';
}
