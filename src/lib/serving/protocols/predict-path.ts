import type { Prediction, Row } from '../../contracts.js';
import { StoreClosedError, StoreFullError, StoreSpillError } from '../../prediction-store/index.js';
import type { ServingDeps } from '../deps.js';
import { ApiError } from '../http-error.js';
import type { ServedModel } from '../served-model.js';
import type { InputWarning } from '../validation/warnings.js';

/** What one prediction request produced, whatever protocol carried it. */
export interface PredictOutcome {
  /** The model that answered (the canary for its share of the requests). */
  model: ServedModel;
  rows: Row[];
  predictions: Prediction[];
  warnings: InputWarning[];
}

export interface PredictCall {
  requestId: string;
  /** `performance.now()` when the request arrived (the latency logged with each prediction). */
  start: number;
  /**
   * Renames an invalid field's path for the protocol that carried it: `instances[3].island` is row 3,
   * feature `island` of the `/v1/predict` body the protocol's payload was turned into.
   */
  rename?: (row: number, feature: string) => string;
  /** The URL named a version or label: no canary split. */
  pinned?: boolean;
}

/** The served model, or 503 while it loads. */
export function requireModel(deps: Pick<ServingDeps, 'model'>): ServedModel {
  const model = deps.model();
  if (!model) throw new ApiError(503, 'MODEL_NOT_READY', 'No model is loaded yet', { headers: { 'Retry-After': '5' } });
  return model;
}

const ROW_PATH = /^instances\[(\d+)\](?:\.(.+))?$/;

function renamePath(path: string, rename: PredictCall['rename']): string {
  const match = rename ? ROW_PATH.exec(path) : null;
  return match && rename ? rename(Number(match[1]), match[2] ?? '') : path;
}

/** `mlx_predictions_total` by label: one increment per label of the request (a 1,000-row batch has a few, not 1,000). */
function countPredictions(deps: ServingDeps, version: string, predictions: readonly Prediction[]): void {
  const first = predictions[0];
  if (predictions.length === 1 && first) {
    deps.metrics.predictions.inc({ model_version: version, label: 'label' in first ? first.label : '' });
    return;
  }
  const counts = new Map<string, number>();
  for (const p of predictions) {
    const label = 'label' in p ? p.label : '';
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const [label, n] of counts) deps.metrics.predictions.inc({ model_version: version, label }, n);
}

/**
 * The one prediction path of every route and protocol: pick the model (canary split) → validate against its schema (422 with one
 * detail per invalid field) → one micro-batched model call → append to the prediction store (503 when
 * it cannot take the rows: never an answer that is not logged) → count in the metrics.
 */
export async function predictInstances(
  deps: ServingDeps,
  addressed: ServedModel,
  body: unknown,
  call: PredictCall,
): Promise<PredictOutcome> {
  const { metrics } = deps;
  // The canary split happens here, once, for every route and protocol.
  const model = call.pinned || !deps.chooseModel ? addressed : deps.chooseModel(addressed);
  const result = model.validate(body);
  if (!result.ok)
    throw new ApiError(422, 'INVALID_INPUT', result.message, {
      details: result.details.map((d) => ({ ...d, path: renamePath(d.path, call.rename) })),
    });
  for (const w of result.warnings) metrics.inputWarnings.inc({ feature: w.feature, kind: w.kind });
  // A store that cannot take these rows now: 503 before the model's work, which would only make an answer
  // refused at the end (under a flood of batches that work also delays the store's own commits).
  try {
    deps.store?.checkRoom(result.rows.length);
  } catch (error) {
    unavailable(deps, error);
  }
  let predictions: Prediction[];
  try {
    predictions = await model.predict(result.rows);
  } catch (error) {
    metrics.predictionErrors.inc({ reason: 'model' });
    deps.logger.error('prediction failed', {
      request_id: call.requestId,
      model_version: model.version,
      rows: result.rows.length,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new ApiError(500, 'PREDICTION_FAILED', 'The model failed to predict these instances');
  }
  // Settles once the rows are as durable as serve.store_durability says (sync: committed): answer after it.
  await store(deps, model, result.rows, predictions, call.requestId, performance.now() - call.start);
  countPredictions(deps, model.version, predictions);
  const warnings = result.warnings.map((w) => ({ ...w, path: renamePath(w.path, call.rename) }));
  return { model, rows: result.rows, predictions, warnings };
}

async function store(
  deps: ServingDeps,
  model: ServedModel,
  rows: Row[],
  predictions: Prediction[],
  requestId: string,
  ms: number,
): Promise<void> {
  if (!deps.store) return;
  const ts = Date.now();
  try {
    await deps.store.enqueue(
      rows.map((inputs, i) => ({
        ts,
        requestId,
        modelName: model.name,
        modelVersion: model.version,
        inputs,
        outputs: predictions[i] as Prediction,
        latencyMs: ms,
      })),
    );
  } catch (error) {
    unavailable(deps, error);
  }
}

/**
 * A store that cannot take rows (full, closed, or unable to spill) becomes a 503 with Retry-After: never an
 * answer that is not logged, the client retries instead. Any other error is rethrown.
 */
function unavailable(deps: ServingDeps, error: unknown): never {
  if (!(error instanceof StoreFullError || error instanceof StoreClosedError || error instanceof StoreSpillError))
    throw error;
  deps.metrics.predictionErrors.inc({ reason: 'store_unavailable' });
  throw new ApiError(503, 'STORE_UNAVAILABLE', error.message, { headers: { 'Retry-After': '1' } });
}
