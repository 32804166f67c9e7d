import { GateFailedError, UsageError } from '../errors.js';
import { higherIsBetter } from './metrics/index.js';

export interface GateResult {
  metric: string;
  threshold: number;
  value: number;
  passed: boolean;
}

/** Parses `--fail-under metric=value` flags into a map (merged over `evaluate.fail_under`). */
export function parseGates(flags: readonly string[], base: Record<string, number> = {}): Record<string, number> {
  const gates = { ...base };
  for (const flag of flags) {
    const match = /^([a-z_0-9]+)=(-?[0-9.eE+-]+)$/.exec(flag.trim());
    const value = match ? Number(match[2]) : Number.NaN;
    if (!match?.[1] || Number.isNaN(value))
      throw new UsageError(`--fail-under '${flag}' is not METRIC=VALUE.`, {
        hint: 'Example: --fail-under accuracy=0.95',
      });
    gates[match[1]] = value;
  }
  return gates;
}

/**
 * Checks gates against metrics: for metrics where higher is better the value must be ≥ the
 * threshold; for losses and errors (rmse, mae, log_loss) it must be ≤.
 */
export function checkGates(gates: Record<string, number>, metrics: Record<string, number>): GateResult[] {
  return Object.entries(gates).map(([metric, threshold]) => {
    const value = metrics[metric];
    if (value === undefined)
      throw new UsageError(`Cannot gate on '${metric}': the evaluation has no such metric.`, {
        hint: `Available: ${Object.keys(metrics).join(', ')}.`,
      });
    const passed = higherIsBetter(metric) ? value >= threshold : value <= threshold;
    return { metric, threshold, value, passed };
  });
}

/** Throws GateFailedError (exit 4) when a gate failed. */
export function enforceGates(results: readonly GateResult[]): void {
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return;
  const text = failed.map(
    (r) => `${r.metric} = ${r.value.toFixed(4)} (${higherIsBetter(r.metric) ? 'needs ≥' : 'needs ≤'} ${r.threshold})`,
  );
  throw new GateFailedError(`Quality gate failed: ${text.join(', ')}.`, {
    hint: 'Improve the model or relax evaluate.fail_under.',
    details: { gates: results },
  });
}
