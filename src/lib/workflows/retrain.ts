import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type { RetrainOutcome } from '../drift/retrain.js';
import { InterruptedError, isMlxError } from '../errors.js';
import { isBetter, metricsFor } from '../evaluate/metrics/index.js';
import type { Logger } from '../logging.js';
import { resolveModelChoice, resolveModelRef } from '../tracking/refs.js';
import { setAlias } from '../tracking/registry.js';
import { openRegistryStore } from '../tracking/registry-store.js';
import { runPipeline } from './pipeline.js';

export interface RetrainPipelineOptions {
  root: string;
  config: MlxConfig;
  /** Promote the candidate to the `production` alias when it beats the serving model. */
  promote?: boolean;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * The test metric a candidate and the serving model are compared on: the task's `champion` metric
 * (macro-F1, RMSE), read from a bundle's metrics.json.
 */
export function headlineMetric(bundleDir: string): { name: string; value: number; higherIsBetter: boolean } | null {
  const metrics = JSON.parse(readFileSync(path.join(bundleDir, 'metrics.json'), 'utf8')) as {
    test?: Record<string, unknown>;
  };
  const test = metrics.test ?? {};
  for (const task of ['classification', 'regression'] as const) {
    for (const metric of metricsFor(task).filter((m) => m.roles?.includes('champion'))) {
      const value = test[metric.name];
      if (typeof value === 'number') return { name: metric.name, value, higherIsBetter: metric.direction === 'max' };
    }
  }
  return null;
}

/**
 * The `pipeline` retraining action: runs the pipeline workflow (prepare → train → evaluate) in this
 * process, then compares the new latest version with the serving model on their champion test metric,
 * promoting it to `production` when asked and better.
 */
export async function retrainPipeline(options: RetrainPipelineOptions): Promise<RetrainOutcome> {
  const { root, config, logger } = options;
  const serving = await resolveModelChoice(config.serve.model, { root, config })
    .then((choice) => choice.dir)
    .catch(() => null);
  logger.info('retraining: running the pipeline (prepare → train → evaluate)', { root });
  try {
    await runPipeline({ root, config, logger, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (error instanceof InterruptedError || !isMlxError(error)) throw error;
    return { ok: false, summary: `the pipeline failed (${error.code}): ${error.message.split('\n')[0]}` };
  }
  const candidate = await resolveModelRef('latest', { root, config });
  const now = headlineMetric(candidate);
  const before = serving ? headlineMetric(serving) : null;
  if (!now)
    return { ok: true, summary: `candidate ${candidate} has no test metric to compare`, details: { candidate } };
  const better = !before || before.name !== now.name || isBetter(now.name, now.value, before.value);
  const compare = before
    ? `${now.name} ${now.value.toFixed(4)} vs serving ${before.value.toFixed(4)}`
    : `${now.name} ${now.value.toFixed(4)} (no serving model to compare)`;
  let promoted = false;
  if (options.promote && better && candidate !== serving) {
    const version = Number(/v(\d+)$/.exec(candidate)?.[1]);
    if (Number.isInteger(version)) {
      await setAlias(await openRegistryStore({ root, config }), config.model.name, 'production', version);
      promoted = true;
    }
  }
  return {
    ok: true,
    summary: `candidate ${path.relative(root, candidate)}: ${compare}; ${better ? 'better' : 'not better'}${promoted ? ', promoted to production' : ''}`,
    details: { candidate, serving, metric: now, servingMetric: before, better, promoted },
  };
}
