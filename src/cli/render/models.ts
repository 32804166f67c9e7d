import type { ModelRegistry } from '../../lib/tracking/registry.js';
import { table } from './table.js';

/** `mlx models list`: one row per version, newest first, with its aliases and test metric. */
export function renderModels(models: readonly ModelRegistry[]): string {
  if (models.length === 0) return 'No registered models yet: train one with `mlx train`.';
  const rows = models.flatMap((m) =>
    [...m.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => {
        const aliases = Object.entries(m.aliases)
          .filter(([, target]) => target === v.version)
          .map(([alias]) => alias);
        const metric = v.metrics.test_accuracy ?? v.metrics.test_rmse ?? null;
        return [
          m.name,
          v.version,
          aliases.join(',') || '-',
          v.createdAt.slice(0, 19).replace('T', ' '),
          v.runId,
          metric,
        ];
      }),
  );
  const metricName = models[0]?.versions[0]?.metrics.test_accuracy !== undefined ? 'test_accuracy' : 'test_rmse';
  return table(['model', 'version', 'aliases', 'created (UTC)', 'run', metricName], rows);
}
