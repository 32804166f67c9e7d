import path from 'node:path';
import type { Prediction } from '../contracts.js';
import { DriftDetectedError } from '../errors.js';
import { type ColumnSource, computeDrift, rowsSource } from './compute.js';
import { type DriftInputOptions, loadDriftInputs } from './load-inputs.js';
import { writeDriftReport } from './report/write.js';
import { decideRetrain, type RetrainDecision, type RetrainOutcome } from './retrain.js';
import type { DriftResult } from './types.js';

export interface RunDriftOptions extends DriftInputOptions {
  /** Runs the retraining pipeline when `drift.retrain.action` is `pipeline` and the rule triggers. */
  runPipeline?: (() => Promise<RetrainOutcome>) | undefined;
}

export interface DriftRunResult extends DriftResult {
  report: { html: string; json: string } | null;
  retrain: RetrainDecision;
}

function outputColumn(predictions: Prediction[]): unknown[] {
  return predictions.map((p) => ('label' in p ? p.label : p.value));
}

/** `mlx drift`: load inputs, compute, write the report, evaluate the retraining rule. */
export async function runDrift(options: RunDriftOptions): Promise<DriftRunResult> {
  const { config, root, logger } = options;
  const inputs = await loadDriftInputs(options);
  const current: ColumnSource = rowsSource(inputs.current);
  const outputs = inputs.outputs;
  const numericOutput = outputs?.reference[0] !== undefined && 'value' in outputs.reference[0];
  const result = computeDrift({
    reference: rowsSource(inputs.reference),
    current,
    schema: inputs.schema,
    config: config.drift,
    predictions: outputs
      ? {
          reference: outputColumn(outputs.reference),
          current: outputColumn(outputs.current),
          kind: numericOutput ? 'numeric' : 'categorical',
        }
      : undefined,
    model: inputs.model ? { name: inputs.model.name, version: inputs.model.version } : null,
    window: inputs.window,
    now: options.now === undefined ? undefined : new Date(options.now),
  });
  if (inputs.unavailable) result.message = `Insufficient data: ${inputs.unavailable}.`;
  const report = config.drift.report
    ? writeDriftReport(path.resolve(root, config.paths.reports, 'drift'), result)
    : null;
  const retrain = decideRetrain(result, config.drift.retrain);
  if (retrain.triggered) {
    logger?.warn(`retraining triggered: ${retrain.reason}`, { action: retrain.action });
    if (retrain.action === 'pipeline' && options.runPipeline) retrain.outcome = await options.runPipeline();
  }
  return { ...result, report, retrain };
}

/** `--fail-on-drift`: DriftDetectedError (exit 5) when the run found dataset drift. */
export function assertNoDatasetDrift(run: DriftRunResult): void {
  if (!run.datasetDrift) return;
  throw new DriftDetectedError(run.message, {
    hint: run.report ? `See the report: ${run.report.html}` : 'Run without --fail-on-drift to see the table.',
    details: { driftShare: run.driftShare, drifted: run.columns.filter((c) => c.drifted).map((c) => c.column) },
  });
}
