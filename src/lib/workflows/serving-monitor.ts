import type { DriftConfig } from '../config/sections/drift.js';
import type { Predictor, StoredPrediction } from '../contracts.js';
import { ignoredOverridesWarning } from '../drift/methods/mlx.js';
import { createDriftMonitor, type DriftMonitor } from '../drift/monitor.js';
import type { Logger } from '../logging.js';
import { readReference } from '../model/index.js';
import { multivariateDrift } from './drift-classifier.js';

export interface ServingDriftOptions {
  drift: DriftConfig;
  predictor: Predictor;
  /** The served version label (registry version or run id). */
  version: string;
  /** The writer store's query (null when `serve.store: none`: no drift without logged inputs). */
  query: ((q: { since: number; until: number; modelName: string }) => Promise<StoredPrediction[]>) | null;
  registry: import('prom-client').Registry;
  logger?: Logger;
}

/** The monitor `mlx serve` runs: the served bundle's reference sample against its logged inputs. */
export function servingDriftMonitor(options: ServingDriftOptions): DriftMonitor | null {
  if (!options.query) return null;
  const { predictor } = options;
  const ignored = ignoredOverridesWarning(options.drift);
  if (ignored) options.logger?.warn(`drift monitoring: ${ignored}`);
  let reference: ReturnType<typeof readReference>;
  try {
    reference = readReference(predictor.info.dir);
  } catch (error) {
    // Serving goes on without drift: an old bundle without a reference sample is no reason to fail.
    options.logger?.warn('drift monitoring off: no readable reference.ndjson in the bundle', {
      error: (error as Error).message,
    });
    return null;
  }
  return createDriftMonitor({
    reference,
    schema: predictor.schema,
    config: options.drift,
    query: options.query,
    model: { name: predictor.info.name, version: options.version },
    referenceOutputs: () => predictor.predict(reference),
    multivariate: (ref, cur) => multivariateDrift(ref, cur, predictor.schema, options.drift),
    registry: options.registry,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
