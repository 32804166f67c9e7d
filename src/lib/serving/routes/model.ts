import { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';

/** `GET /v1/model`: what is served — name, version, schema, metrics, lineage. */
export function modelRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.get('/', (c) => {
    const model = deps.model();
    if (!model) throw new ApiError(503, 'MODEL_NOT_READY', 'No model is loaded yet');
    const { info, schema } = model.predictor;
    return c.json({
      name: model.name,
      version: model.version,
      run_id: info.runId,
      created_at: info.createdAt,
      task: info.task,
      schema,
      metrics: info.metrics,
      lineage: info.lineage,
    });
  });
  return app;
}
