import { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';

/** `/health` (the process lives), `/ready` (a model is loaded) and `/metrics` (Prometheus). */
export function opsRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', (c) => {
    const model = deps.model();
    if (!model) throw new ApiError(503, 'MODEL_NOT_READY', 'No model is loaded yet');
    if (deps.isShuttingDown?.()) throw new ApiError(503, 'SHUTTING_DOWN', 'The server is shutting down');
    return c.json({ status: 'ready', model: { name: model.name, version: model.version } });
  });
  app.get('/metrics', async (c) => {
    const text = await (deps.metricsText ?? (() => deps.metrics.registry.metrics()))();
    return c.body(text, 200, { 'Content-Type': deps.metrics.registry.contentType });
  });
  return app;
}
