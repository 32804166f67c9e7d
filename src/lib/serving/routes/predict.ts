import { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { jsonBody } from '../middleware/json-body.js';
import { predictInstances, requireModel } from '../protocols/predict-path.js';

/** `POST /v1/predict`: validate → one batched model call → log to the store → answer. */
export function predictRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.post('/', jsonBody(deps.config.body_limit), async (c) => {
    const start = performance.now();
    const model = requireModel(deps);
    const requestId = c.get('requestId');
    const outcome = await predictInstances(deps, model, c.get('body'), { requestId, start });
    const { predictions, warnings } = outcome;
    return c.json({
      predictions,
      model_version: outcome.model.version,
      request_id: requestId,
      ...(warnings.length > 0 ? { warnings: warnings.slice(0, 100) } : {}),
    });
  });
  return app;
}
