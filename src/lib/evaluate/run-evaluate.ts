import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type { FittedPipeline } from '../data/index.js';
import type { Logger } from '../logging.js';
import { loadTf } from '../model/backend.js';
import { type LoadedBundle, loadBundle } from '../model/bundle.js';
import { deserializeModel } from '../model/tfjs-io.js';
import { resolveModelRef } from '../tracking/refs.js';
import { type Baseline, fitBaseline } from './baseline.js';
import { checkGates, type GateResult, parseGates } from './gates.js';
import { loadEvalData } from './load-eval-data.js';
import { renderReport } from './report/html.js';
import { type Metrics, scalarMetrics } from './score.js';
import { scoreMatrix } from './score-matrix.js';

export interface EvaluateOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Model REF (default `latest`). */
  ref: string;
  /** Evaluate on this file instead of the prepared test split. */
  file?: string | undefined;
  /** `metric=value` gates, added to `evaluate.fail_under`. */
  failUnder?: readonly string[];
  /** Champion to compare against (REF). */
  compare?: string | undefined;
}

export interface ModelRefInfo {
  name: string;
  version: number | null;
  runId: string;
  dir: string;
}

export interface EvaluateResult {
  model: ModelRefInfo;
  source: string;
  task: 'classification' | 'regression';
  metrics: Metrics;
  baseline: Metrics;
  gates: GateResult[];
  comparison: {
    against: ModelRefInfo;
    deltas: Record<string, { model: number; against: number; delta: number }>;
  } | null;
  metricsFile: string;
  reportFile: string | null;
}

/**
 * Evaluates a model on the test split or a file: metrics, baseline, HTML report, comparison, and
 * gate results (enforce them with `enforceGates(result.gates)` after showing the metrics).
 */
export async function evaluateModel(options: EvaluateOptions): Promise<EvaluateResult> {
  const { root, config, logger } = options;
  const ctx = { root, config };
  const bundle = loadBundle(await resolveModelRef(options.ref, ctx));
  const { tf } = await loadTf(config.train.backend, logger);
  const data = await loadEvalData(bundle, { root, config, file: options.file, logger });
  const scored = await scoreBundle(tf, bundle, data.matrix);
  const metrics = scalarMetrics(scored.metrics);
  const gates = checkGates(parseGates(options.failUnder ?? [], config.evaluate.fail_under), metrics);
  let comparison: EvaluateResult['comparison'] = null;
  if (options.compare) {
    const champion = loadBundle(await resolveModelRef(options.compare, ctx));
    const other = scalarMetrics((await scoreBundle(tf, champion, data.matrix)).metrics);
    const deltas = Object.fromEntries(
      Object.entries(metrics).map(([k, v]) => [
        k,
        { model: v, against: other[k] ?? Number.NaN, delta: v - (other[k] ?? Number.NaN) },
      ]),
    );
    comparison = { against: refInfo(champion), deltas };
  }
  const outDir = reportDir(root, config, bundle.info);
  mkdirSync(outDir, { recursive: true });
  const metricsFile = path.join(outDir, 'metrics.json');
  const payload = {
    model: refInfo(bundle),
    source: data.source,
    metrics: scored.metrics,
    baseline: scored.baseline,
    gates,
    comparison,
  };
  writeFileSync(metricsFile, `${JSON.stringify(payload, null, 2)}\n`);
  let reportFile: string | null = null;
  if (config.evaluate.report) {
    reportFile = path.join(outDir, 'report.html');
    const history = (bundle.metrics.history as Record<string, number>[] | undefined) ?? [];
    const info = bundle.info;
    writeFileSync(
      reportFile,
      renderReport({ title: `Evaluation of ${info.name}`, model: { ...info }, split: data.source, scored, history }),
    );
  }
  logger.info(`evaluated ${bundle.info.name} on ${data.source}`, { ...metrics });
  const result: EvaluateResult = {
    model: refInfo(bundle),
    source: data.source,
    task: scored.task,
    metrics: scored.metrics,
    baseline: scored.baseline,
    gates,
    comparison,
    metricsFile,
    reportFile,
  };
  return result;
}

async function scoreBundle(
  tf: import('../model/backend.js').Tf,
  bundle: LoadedBundle,
  matrix: import('../train/types.js').Matrix,
) {
  const model = await deserializeModel(tf, bundle.model);
  try {
    return scoreMatrix(tf, model, matrix, bundle.pipeline as FittedPipeline, bundleBaseline(bundle));
  } finally {
    model.dispose();
  }
}

/** The baseline stored with the bundle at training time. */
export function bundleBaseline(bundle: LoadedBundle): Baseline {
  const stored = (bundle.metrics.baseline as { fit?: Baseline } | undefined)?.fit;
  if (stored) return stored;
  const classes = (bundle.pipeline as FittedPipeline).target.classes ?? [];
  return fitBaseline([], classes.length);
}

function refInfo(bundle: LoadedBundle): ModelRefInfo {
  return { name: bundle.info.name, version: bundle.info.version, runId: bundle.info.runId, dir: bundle.dir };
}

/** Where the evaluation of a model is written: `reports/evaluate/<name>-v<version>/`. */
export function reportDir(
  root: string,
  config: Pick<MlxConfig, 'paths'>,
  model: { name: string; version: number | null; runId: string },
): string {
  const name = model.version === null ? `${model.name}-${model.runId}` : `${model.name}-v${model.version}`;
  return path.resolve(root, config.paths.reports, 'evaluate', name);
}
