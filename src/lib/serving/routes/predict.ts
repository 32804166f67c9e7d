import { Hono } from 'hono';
import type { Prediction, Row } from '../../contracts.js';
import { StoreClosedError, StoreFullError, StoreSpillError } from '../../prediction-store/index.js';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';
import { jsonBody } from '../middleware/json-body.js';
import type { ServedModel } from '../served-model.js';

function labelOf(p: Prediction): string {
  return 'label' in p ? p.label : '';
}

/** `POST /v1/predict`: validate → one batched model call → log to the store → answer. */
export function predictRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  const { metrics } = deps;

  // Settles once the rows are as durable as serve.store_durability says (sync: committed) — answer after it.
  const store = async (model: ServedModel, rows: Row[], predictions: Prediction[], requestId: string, ms: number) => {
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
      if (!(error instanceof StoreFullError || error instanceof StoreClosedError || error instanceof StoreSpillError))
        throw error;
      // Never answer a prediction that is not logged: the client retries instead.
      metrics.predictionErrors.inc({ reason: 'store_unavailable' });
      throw new ApiError(503, 'STORE_UNAVAILABLE', error.message, { headers: { 'Retry-After': '1' } });
    }
  };

  app.post('/', jsonBody(deps.config.body_limit), async (c) => {
    const start = performance.now();
    const model = deps.model();
    if (!model)
      throw new ApiError(503, 'MODEL_NOT_READY', 'No model is loaded yet', { headers: { 'Retry-After': '5' } });
    const result = model.validate(c.get('body'));
    if (!result.ok) throw new ApiError(422, 'INVALID_INPUT', result.message, { details: result.details });
    for (const w of result.warnings) metrics.inputWarnings.inc({ feature: w.feature, kind: w.kind });
    let predictions: Prediction[];
    try {
      predictions = await model.predict(result.rows);
    } catch (error) {
      metrics.predictionErrors.inc({ reason: 'model' });
      deps.logger.error('prediction failed', {
        request_id: c.get('requestId'),
        model_version: model.version,
        rows: result.rows.length,
        error: error instanceof Error ? error.message : String(error),
      });
      throw new ApiError(500, 'PREDICTION_FAILED', 'The model failed to predict these instances');
    }
    const requestId = c.get('requestId');
    await store(model, result.rows, predictions, requestId, performance.now() - start);
    for (const p of predictions) metrics.predictions.inc({ model_version: model.version, label: labelOf(p) });
    return c.json({
      predictions,
      model_version: model.version,
      request_id: requestId,
      ...(result.warnings.length > 0 ? { warnings: result.warnings.slice(0, 100) } : {}),
    });
  });
  return app;
}
