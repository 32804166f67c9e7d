import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { prepareData } from '../data/index.js';
import { checkGates, enforceGates, parseGates } from '../evaluate/gates.js';
import { scalarMetrics } from '../evaluate/score.js';
import type { Logger } from '../logging.js';
import { MANIFEST_FILE } from '../model/index.js';
import { configHash } from '../tracking/lineage.js';
import { listRunRecords, RUN_FILES, type RunRecord } from '../tracking/run-dir.js';
import type { EpochStats } from '../train/types.js';
import { type EvaluateResult, evaluateModel, reportDir } from './evaluate.js';
import { trainModel } from './train-run.js';

export interface PipelineOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  /** Re-run every stage even when its inputs did not change. */
  force?: boolean;
  signal?: AbortSignal;
  onEpoch?: (stats: EpochStats) => void;
  /** The training epochs are over (before scoring and writing). */
  onFitEnd?: () => void;
  /** Bytes read / total while the data is prepared. */
  onProgress?: (bytes: number, total: number) => void;
}

export interface StageResult {
  stage: 'prepare' | 'train' | 'evaluate';
  skipped: boolean;
  reason: string;
  durationMs: number;
}

export interface PipelineResult {
  stages: StageResult[];
  runId: string;
  model: { name: string; version: number | null };
  metrics: Record<string, number>;
  reportFile: string | null;
}

/**
 * prepare → train → evaluate. A stage is skipped when its inputs are unchanged: data.lock current;
 * a completed run with the same data fingerprint and config hash exists; that model was evaluated.
 * `evaluate.fail_under` gates are enforced at the end (exit 4).
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { root, config, logger } = options;
  const stages: StageResult[] = [];
  const timed = async <T>(fn: () => Promise<T>) => {
    const start = Date.now();
    const value = await fn();
    return { value, ms: Date.now() - start };
  };

  const prep = await timed(() =>
    prepareData({
      root,
      config,
      logger,
      force: options.force === true,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
  stages.push({
    stage: 'prepare',
    skipped: prep.value.skipped,
    reason: prep.value.skipped ? 'data.lock is up to date' : 'data prepared',
    durationMs: prep.ms,
  });

  const hash = configHash(config);
  const runsDir = projectPath(root, config.paths.runs);
  const previous = options.force ? undefined : identicalRun(runsDir, prep.value.fingerprint, hash);
  let run: { runId: string; bundleDir: string; model: { name: string; version: number | null } };
  if (previous) {
    run = {
      runId: previous.id,
      bundleDir: path.join(runsDir, previous.id, RUN_FILES.bundle),
      model: previous.model ?? { name: config.model.name, version: null },
    };
    stages.push({ stage: 'train', skipped: true, reason: `identical run ${previous.id} exists`, durationMs: 0 });
    logger.info(`train: skipped, run ${previous.id} has the same data and config (use --force to retrain)`);
  } else {
    const trained = await timed(() =>
      trainModel({
        root,
        config,
        logger,
        register: config.train.register !== 'none',
        ...(options.force ? { force: true } : {}),
        ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
        ...(options.onFitEnd ? { onFitEnd: options.onFitEnd } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    run = trained.value;
    stages.push({ stage: 'train', skipped: false, reason: `run ${run.runId}`, durationMs: trained.ms });
  }

  const outDir = reportDir(root, config, { ...run.model, runId: run.runId });
  const metricsFile = path.join(outDir, 'metrics.json');
  let evaluation: Pick<EvaluateResult, 'metrics' | 'gates' | 'reportFile'>;
  if (previous && existsSync(metricsFile)) {
    const stored = JSON.parse(readFileSync(metricsFile, 'utf8')) as EvaluateResult;
    const report = path.join(outDir, 'report.html');
    // The gates come from the current config, not from the stored evaluation.
    const gates = checkGates(parseGates([], config.evaluate.fail_under), scalarMetrics(stored.metrics));
    evaluation = { metrics: stored.metrics, gates, reportFile: existsSync(report) ? report : null };
    stages.push({ stage: 'evaluate', skipped: true, reason: 'model unchanged and already evaluated', durationMs: 0 });
  } else {
    const evaluated = await timed(() => evaluateModel({ root, config, logger, ref: run.bundleDir }));
    evaluation = evaluated.value;
    stages.push({ stage: 'evaluate', skipped: false, reason: 'evaluated on the test split', durationMs: evaluated.ms });
  }
  enforceGates(evaluation.gates);
  return {
    stages,
    runId: run.runId,
    model: run.model,
    metrics: scalarMetrics(evaluation.metrics),
    reportFile: evaluation.reportFile,
  };
}

/** The newest completed run trained on the same data with the same config, if its bundle is intact. */
export function identicalRun(runsDir: string, fingerprint: string, hash: string): RunRecord | undefined {
  return listRunRecords(runsDir).find(
    (r) =>
      r.status === 'completed' &&
      r.dataFingerprint === fingerprint &&
      r.configHash === hash &&
      existsSync(path.join(runsDir, r.id, RUN_FILES.bundle, MANIFEST_FILE)),
  );
}
