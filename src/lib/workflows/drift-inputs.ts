import { type MlxConfig, projectPath } from '../config/index.js';
import type { InputSchema, Prediction, Predictor, Row } from '../contracts.js';
import { type ColumnSource, rowsSource } from '../drift/compute.js';
import type { ColumnKind } from '../drift/types.js';
import type { Logger } from '../logging.js';
import { createPredictor, loadBundle, readReference } from '../model/index.js';
import { describeStore, openPredictionReader } from '../prediction-store/index.js';
import { storeTarget } from '../serving/store-target.js';
import { parseTimeWindow } from '../time-window.js';
import { resolveModelChoice } from '../tracking/refs.js';
import { type DriftFile, modelColumnsOf, predictOutputColumn, readDriftFile } from './drift-files.js';

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
  /** Files: their ingested typed columns; the bundle's sample and the prediction store: rows. */
  reference: ColumnSource;
  current: ColumnSource;
  /** The model's output column on each side (label or value per row), when available. */
  outputs: { reference: ArrayLike<unknown>; current: ArrayLike<unknown>; kind: ColumnKind } | null;
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

/** A schema from a file's column types (two files, no model). */
function schemaOf(file: DriftFile): Pick<InputSchema, 'features'> {
  return {
    features: file.names.flatMap((name) => {
      const type = file.types[name];
      return type === undefined ? [] : [{ name, type, required: false, min: null, max: null, allowed: null }];
    }),
  };
}

/**
 * Resolves the reference (bundle sample or file) and the current data (prediction store window or
 * file). Files are ingested to typed columns: with a model, only its features, typed by its schema;
 * without one, the current file is read with the reference file's columns and types.
 */
export async function loadDriftInputs(options: DriftInputOptions): Promise<DriftInputs> {
  const { config, root } = options;
  const needModel = !(options.referenceFile && options.currentFile) || options.modelRef !== undefined;
  const model = needModel ? await loadModel(options) : null;
  const modelColumns = model ? modelColumnsOf(model.bundle.schema) : {};
  const referenceFile = options.referenceFile
    ? await readDriftFile(projectPath(root, options.referenceFile), config, modelColumns)
    : null;
  const referenceRows = referenceFile ? null : (model?.reference ?? []);
  const reference = referenceFile?.source ?? rowsSource(referenceRows ?? []);
  const schema: Pick<InputSchema, 'features'> = model
    ? model.bundle.schema
    : referenceFile
      ? schemaOf(referenceFile)
      : { features: [] };
  let current: ColumnSource = rowsSource([]);
  let currentRows: Row[] | null = null;
  let currentOutputs: Prediction[] | null = null;
  let window: DriftInputs['window'] = null;
  let unavailable: string | null = null;
  if (options.currentFile) {
    const sameAsReference = model
      ? modelColumns
      : referenceFile
        ? { columns: referenceFile.names, types: referenceFile.types }
        : {};
    current = (await readDriftFile(projectPath(root, options.currentFile), config, sameAsReference)).source;
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
        currentRows = rows.map((r) => r.inputs);
        currentOutputs = rows.map((r) => r.outputs);
        current = rowsSource(currentRows);
      } finally {
        await reader.close();
      }
    }
  }
  let outputs: DriftInputs['outputs'] = null;
  if (model && options.predictions !== false && reference.rows > 0 && current.rows > 0) {
    outputs = await predictBoth(
      model.dir,
      { rows: referenceRows, source: reference },
      { rows: currentRows, source: current },
      currentOutputs,
      options.logger,
    );
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

const outputOf = (p: Prediction): unknown => ('label' in p ? p.label : p.value);

/** One side's model outputs: from row objects (bundle sample, store) or in batches from file columns. */
function sideOutputs(
  predictor: Predictor,
  side: { rows: Row[] | null; source: ColumnSource },
): { values: ArrayLike<unknown>; kind: ColumnKind } {
  if (side.rows === null) return predictOutputColumn(predictor, side.source);
  const predictions = predictor.predict(side.rows);
  const first = predictions[0];
  return {
    values: predictions.map(outputOf),
    kind: first !== undefined && 'value' in first ? 'numeric' : 'categorical',
  };
}

async function predictBoth(
  dir: string,
  reference: { rows: Row[] | null; source: ColumnSource },
  current: { rows: Row[] | null; source: ColumnSource },
  currentOutputs: Prediction[] | null,
  logger: Logger | undefined,
): Promise<DriftInputs['outputs']> {
  try {
    const predictor = await createPredictor(dir);
    try {
      const ref = sideOutputs(predictor, reference);
      const cur = currentOutputs ? { values: currentOutputs.map(outputOf) } : sideOutputs(predictor, current);
      return { reference: ref.values, current: cur.values, kind: ref.kind };
    } finally {
      predictor.dispose();
    }
  } catch (error) {
    logger?.warn('prediction drift skipped: the model could not predict', { error: (error as Error).message });
    return null;
  }
}
