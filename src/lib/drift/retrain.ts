import type { DriftConfig } from '../config/sections/drift.js';
import type { DriftResult } from './types.js';

export interface RetrainDecision {
  triggered: boolean;
  /** Why it did or did not trigger, for people. */
  reason: string;
  action: DriftConfig['retrain']['action'];
  /** Set when the action ran (`pipeline`). */
  outcome?: RetrainOutcome;
}

export interface RetrainOutcome {
  ok: boolean;
  /** What the pipeline produced: candidate bundle, metrics, comparison, promotion. */
  summary: string;
  details?: unknown;
}

/** Evaluates `drift.retrain` against a drift result. */
export function decideRetrain(result: DriftResult, rule: DriftConfig['retrain']): RetrainDecision {
  const no = (reason: string): RetrainDecision => ({ triggered: false, reason, action: rule.action });
  if (rule.when === 'never') return no('drift.retrain.when is never');
  if (result.status !== 'ok') return no(result.message);
  if (result.currentRows < rule.min_rows)
    return no(`only ${result.currentRows} current rows, drift.retrain.min_rows is ${rule.min_rows}`);
  const drifted = result.columns.filter((c) => c.drifted).map((c) => c.column);
  const named = drifted.filter((c) => rule.columns.includes(c));
  const yes = (reason: string): RetrainDecision => ({ triggered: true, reason, action: rule.action });
  // mlx: what drifted, the multivariate test included (it can be the only one).
  const what = [...drifted, ...(result.multivariate?.drifted ? ['the multivariate test'] : [])];
  switch (rule.when) {
    case 'dataset_drift':
      if (result.datasetDrift)
        return yes(
          result.method === 'mlx'
            ? `dataset drift (${what.join(', ')} drifted)`
            : `dataset drift (share ${result.driftShare.toFixed(2)} ≥ ${result.shareThreshold})`,
        );
      if (named.length > 0) return yes(`watched column(s) drifted: ${named.join(', ')}`);
      return no('no dataset drift and no watched column drifted');
    case 'columns':
      return named.length > 0
        ? yes(`watched column(s) drifted: ${named.join(', ')}`)
        : no(`none of the watched columns drifted (${rule.columns.join(', ') || 'none listed'})`);
    case 'any_column':
      return drifted.length > 0 ? yes(`column(s) drifted: ${drifted.join(', ')}`) : no('no column drifted');
    default:
      return rule.when satisfies never;
  }
}
