import { type MlxConfig, projectPath } from '../config/index.js';
import type { InputSchema, Prediction, Row } from '../contracts.js';
import { inferFeatureTypes, readRowsFile } from '../drift/read-rows.js';
import type { Logger } from '../logging.js';
import { createPredictor, loadBundle, readReference } from '../model/index.js';
import { describeStore, openPredictionReader } from '../prediction-store/index.js';
import { storeTarget } from '../serving/store-target.js';
import { parseTimeWindow } from '../time-window.js';
import { resolveModelChoice } from '../tracking/refs.js';

export interface DriftInputOptions {
  root: string;
  config: MlxConfig;
  logger?: Logger | undefined;
  /** Model REF; when absent and both files are given, no model is used. File paths are absolute. */
  modelRef?: string | undefined;
  referenceFile?: string | undefined;
  currentFile?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  now?: number | undefined;
  /** Compute prediction drift by running the model on the reference (loads tfjs). Default true. */
  predictions?: boolean | undefined;
  /** PG* variables for `serve.store: postgres` (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
}

export interface DriftInputs {
  schema: Pick<InputSchema, 'features'>;
  reference: Row[];
  current: Row[];
  /** Outputs of the model on each side, when available. */
  outputs: { reference: Prediction[]; current: Prediction[] } | null;
  model: { name: string; version: string | null; dir: string } | null;
  window: { since: string; until: string } | null;
  /** Set when the current data could not be read at all (no store yet). */
  unavailable: string | null;
}

async function loadModel(options: DriftInputOptions) {
  const { dir } = await resolveModelChoice(options.modelRef ?? options.config.serve.model, {
    root: options.root,
    config: options.config,
    logger: options.logger,
  });
  const bundle = loadBundle(dir);
  return { dir, bundle, reference: readReference(dir) };
}

/** Resolves the reference (bundle sample or file) and the current data (prediction store window or file). */
export async function loadDriftInputs(options: DriftInputOptions): Promise<DriftInputs> {
  const { config, root } = options;
  const needModel = !(options.referenceFile && options.currentFile) || options.modelRef !== undefined;
  const model = needModel ? await loadModel(options) : null;
  const reference = options.referenceFile
    ? await readRowsFile(projectPath(root, options.referenceFile), config)
    : (model?.reference ?? []);
  const schema: Pick<InputSchema, 'features'> = model
    ? model.bundle.schema
    : {
        features: Object.entries(inferFeatureTypes(reference)).map(([name, type]) => ({
          name,
          type,
          required: false,
          min: null,
          max: null,
          allowed: null,
        })),
      };
  let current: Row[] = [];
  let currentOutputs: Prediction[] | null = null;
  let window: DriftInputs['window'] = null;
  let unavailable: string | null = null;
  if (options.currentFile) {
    current = await readRowsFile(projectPath(root, options.currentFile), config);
  } else {
    const w = parseTimeWindow(options.since ?? config.drift.since, options.until, options.now);
    window = { since: new Date(w.since).toISOString(), until: new Date(w.until).toISOString() };
    const target = storeTarget(config.serve, root, options.env);
    const reader = target ? await openPredictionReader(target, { missingOk: true }) : null;
    if (!target) unavailable = 'serve.store is none: no predictions are logged';
    else if (!reader)
      unavailable = `no prediction store at ${describeStore(target)} yet (has \`mlx serve\` logged traffic?)`;
    else {
      try {
        const rows = await reader.query({ since: w.since, until: w.until, modelName: model?.bundle.info.name });
        current = rows.map((r) => r.inputs);
        currentOutputs = rows.map((r) => r.outputs);
      } finally {
        await reader.close();
      }
    }
  }
  let outputs: DriftInputs['outputs'] = null;
  if (model && options.predictions !== false && reference.length > 0 && current.length > 0) {
    outputs = await predictBoth(model.dir, reference, current, currentOutputs, options.logger);
  }
  return {
    schema,
    reference,
    current,
    outputs,
    model: model
      ? { name: model.bundle.info.name, version: model.bundle.info.version?.toString() ?? null, dir: model.dir }
      : null,
    window,
    unavailable,
  };
}

async function predictBoth(
  dir: string,
  reference: Row[],
  current: Row[],
  currentOutputs: Prediction[] | null,
  logger: Logger | undefined,
): Promise<DriftInputs['outputs']> {
  try {
    const predictor = await createPredictor(dir);
    try {
      return { reference: predictor.predict(reference), current: currentOutputs ?? predictor.predict(current) };
    } finally {
      predictor.dispose();
    }
  } catch (error) {
    logger?.warn('prediction drift skipped: the model could not predict', { error: (error as Error).message });
    return null;
  }
}
