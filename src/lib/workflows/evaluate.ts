import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { tableSource } from '../data/index.js';
import { type Baseline, fitBaseline } from '../evaluate/baseline.js';
import { checkGates, type GateResult, parseGates } from '../evaluate/gates.js';

export { enforceGates } from '../evaluate/gates.js';

import { modelFacts } from '../evaluate/model-facts.js';
import { renderReport } from '../evaluate/report/html.js';
import { type Metrics, scalarMetrics, scoreOutputs } from '../evaluate/score.js';
import type { Logger } from '../logging.js';
import { createPredictor, type LoadedBundle, loadBundle } from '../model/index.js';
import { resolveModelChoice, resolveModelRef } from '../tracking/refs.js';
import { loadEvalData } from './eval-data.js';
import { targetsOf } from './train-run.js';

export interface EvaluateOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Model REF; default `<model.name>@production` when that alias exists, else `latest` (logged). */
  ref?: string | undefined;
  /** Evaluate on this file (absolute path) instead of the prepared test split. */
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
 * `mlx evaluate`: scores a model on the test split or a file through its Predictor: metrics, baseline,
 * HTML report, comparison, and gate results (enforce them with `enforceGates(result.gates)` after showing
 * the metrics).
 */
export async function evaluateModel(options: EvaluateOptions): Promise<EvaluateResult> {
  const { root, config, logger } = options;
  const ctx = { root, config };
  const bundle = loadBundle((await resolveModelChoice(options.ref, { ...ctx, logger })).dir);
  const data = await loadEvalData(bundle, { root, config, file: options.file, logger });
  const scored = await scoreBundle(bundle, data.table, config);
  const metrics = scalarMetrics(scored.metrics);
  const gates = checkGates(parseGates(options.failUnder ?? [], config.evaluate.fail_under), metrics);
  let comparison: EvaluateResult['comparison'] = null;
  if (options.compare) {
    const champion = loadBundle(await resolveModelRef(options.compare, ctx));
    const other = scalarMetrics((await scoreBundle(champion, data.table, config)).metrics);
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
  const facts = modelFacts(bundle.metrics);
  const payload = {
    model: refInfo(bundle),
    source: data.source,
    metrics: scored.metrics,
    baseline: scored.baseline,
    gates,
    comparison,
    // From training (the bundle): what the model relies on, and the size of a forest.
    importance: { permutation: facts.permutation, gain: facts.gain },
    ...(facts.forest ? { forest: facts.forest } : {}),
  };
  writeFileSync(metricsFile, `${JSON.stringify(payload, null, 2)}\n`);
  let reportFile: string | null = null;
  if (config.evaluate.report) {
    reportFile = path.join(outDir, 'report.html');
    const history = (bundle.metrics.history as Record<string, number>[] | undefined) ?? [];
    const info = bundle.info;
    writeFileSync(
      reportFile,
      renderReport({
        title: `Evaluation of ${info.name}`,
        model: { ...info },
        split: data.source,
        scored,
        history,
        facts,
      }),
    );
  }
  logger.info(`evaluated ${bundle.info.name} on ${data.source}`, { ...metrics });
  return {
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
}

async function scoreBundle(bundle: LoadedBundle, table: import('arquero').ColumnTable, config: MlxConfig) {
  const predictor = await createPredictor(bundle.dir, { backend: config.train.backend });
  try {
    return scoreOutputs(
      predictor.predictColumns(tableSource(table)),
      targetsOf(bundle.pipeline, table),
      bundleBaseline(bundle),
    );
  } finally {
    predictor.dispose();
  }
}

/** The baseline stored with the bundle at training time. */
export function bundleBaseline(bundle: LoadedBundle): Baseline {
  const stored = (bundle.metrics.baseline as { fit?: Baseline } | undefined)?.fit;
  if (stored) return stored;
  return fitBaseline([], (bundle.pipeline.target.classes ?? []).length);
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
  return projectPath(root, path.join(config.paths.reports, 'evaluate', name));
}
