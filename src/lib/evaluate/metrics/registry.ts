import type { Task } from '../../contracts.js';
import { accuracyMetric } from './accuracy.js';
import { balancedAccuracyMetric } from './balanced-accuracy.js';
import type { MetricDefinition, MetricRole } from './definition.js';
import { logLossMetric } from './log-loss.js';
import { macroF1Metric } from './macro-f1.js';
import { maeMetric } from './mae.js';
import { r2Metric } from './r2.js';
import { rmseMetric } from './rmse.js';
import { rocAucMetric } from './roc-auc.js';

/**
 * Every metric mlx computes, in report order. A new metric is one file in this folder and one line
 * here: evaluate computes it, and gates, early stopping, leaderboards and retrain comparisons know
 * its direction.
 */
export const METRICS: readonly MetricDefinition[] = [
  accuracyMetric,
  balancedAccuracyMetric,
  macroF1Metric,
  rocAucMetric,
  logLossMetric,
  rmseMetric,
  maeMetric,
  r2Metric,
];

/** Split and role prefixes a metric key may carry (`val_accuracy`, `baseline_test_rmse`). */
const PREFIX = /^(?:baseline_)?(?:train_|val_|test_)?/;

/** The metrics of a task, in report order. */
export function metricsFor(task: Task): MetricDefinition[] {
  return METRICS.filter((m) => m.task === task);
}

/** The definition behind a metric key, prefixes stripped; undefined when unknown. */
export function findMetric(key: string): MetricDefinition | undefined {
  const name = key.replace(PREFIX, '');
  return METRICS.find((m) => m.name === name);
}

/** Direction of a metric key; the training loss (`loss`, `val_loss`) is minimised. */
export function metricDirection(key: string): 'max' | 'min' | undefined {
  if (key.replace(PREFIX, '') === 'loss') return 'min';
  return findMetric(key)?.direction;
}

/** Whether a larger value of this metric key is better (unknown keys: assumed to be scores). */
export function higherIsBetter(key: string): boolean {
  return metricDirection(key) !== 'min';
}

/** The metric of a task that plays a role (`leaderboard`, `tie-break`, `champion`). */
export function metricForRole(task: Task, role: MetricRole): MetricDefinition {
  const found = METRICS.find((m) => m.task === task && m.roles?.includes(role));
  if (!found) throw new Error(`no ${task} metric has the role ${role}`);
  return found;
}

/** `a` is better than `b` for this metric key (NaN is never better). */
export function isBetter(key: string, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return higherIsBetter(key) ? a > b : a < b;
}
