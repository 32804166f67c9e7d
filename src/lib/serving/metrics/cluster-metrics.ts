import { AggregatorRegistry, type Registry } from 'prom-client';

/** One process's metrics as `registry.getMetricsAsJSON()` gives them (what cluster workers send). */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

const CHECKED_AT = 'mlx_drift_last_check_timestamp_seconds';
const isDrift = (name: string) =>
  name.startsWith('mlx_drift_') || name === 'mlx_dataset_drift' || name.startsWith('mlx_feature_drift');

/**
 * The exposition of a cluster (`serve.workers` > 1) as one server's: counters and histograms summed over the
 * processes, the other metrics per their prom-client aggregator (process gauges summed, event-loop lag
 * averaged, the model info gauge's max); the drift gauges are those of the process whose check is the
 * latest (a drift check's p-values and shares are not summable).
 */
export async function clusterExposition(parts: readonly MetricsJson[]): Promise<string> {
  const checkedAt = (part: MetricsJson) => part.find((m) => m.name === CHECKED_AT)?.values[0]?.value;
  let freshest = parts.findIndex((part) => checkedAt(part) !== undefined);
  for (const [i, part] of parts.entries()) {
    if ((checkedAt(part) ?? 0) > (checkedAt(parts[freshest] ?? []) ?? 0)) freshest = i;
  }
  const kept = parts.map((part, i) => (i === freshest ? part : part.filter((m) => !isDrift(m.name))));
  return AggregatorRegistry.aggregate(kept as MetricsJson[]).metrics();
}
