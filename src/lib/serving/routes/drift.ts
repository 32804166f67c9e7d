import { Hono } from 'hono';
import { isMlxError } from '../../errors.js';
import type { ServingDeps, ServingDriftMonitor, ServingEnv } from '../deps.js';
import { ApiError, toApiError } from '../http-error.js';

/**
 * `GET /v1/drift?since=24h&until=...`: reference vs the inputs logged in the window (default
 * `drift.since`), computed on demand and cached briefly; charts are left to `mlx drift`'s HTML report.
 */
export function driftRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.get('/', async (c) => {
    if (!deps.model()) throw new ApiError(503, 'MODEL_NOT_READY', 'No model is loaded yet');
    const monitor = deps.drift?.() ?? null;
    if (!monitor)
      throw new ApiError(
        503,
        'STORE_UNAVAILABLE',
        'Drift needs the prediction store (serve.store: sqlite or postgres)',
      );
    let result: Awaited<ReturnType<ServingDriftMonitor['check']>>;
    try {
      result = await monitor.check({ since: c.req.query('since'), until: c.req.query('until') });
    } catch (error) {
      if (isMlxError(error) && error.status < 500) throw toApiError(error, 'query');
      throw error;
    }
    const columns = result.columns.map(({ chart: _chart, ...rest }) => rest);
    const prediction = result.prediction ? (({ chart: _chart, ...rest }) => rest)(result.prediction) : null;
    return c.json({ ...result, columns, prediction });
  });
  return app;
}
