import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { lineWriter } from '../../logging.js';
import type { ServingDeps, ServingEnv } from '../deps.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const ACCESS_FIELDS = ['method', 'route', 'status', 'latency_ms', 'request_id', 'model_version'] as const;

/** The route template that answered (bounded label set): unknown paths are `unmatched`. */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

/** Request metrics and one access-log line per request: never feature values, only what is needed to debug. */
export function observe(
  deps: Pick<ServingDeps, 'metrics' | 'logger' | 'config' | 'model'>,
): MiddlewareHandler<ServingEnv> {
  const { metrics } = deps;
  // One line per request: written without winston's per-line streams (see lineWriter).
  const log = lineWriter(deps.logger, ACCESS_FIELDS);
  return async (c, next) => {
    const start = performance.now();
    await next();
    const elapsed = performance.now() - start;
    const route = routeLabel(c);
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const status = c.res.status;
    metrics.httpRequests.inc({ route, method, status: String(status) });
    metrics.httpDuration.observe({ route, method }, elapsed / 1000);
    if (!deps.config.access_log) return;
    log(status >= 500 ? 'error' : 'info', 'request', {
      method,
      route,
      status,
      latency_ms: Math.round(elapsed * 1000) / 1000,
      request_id: c.get('requestId'),
      model_version: deps.model()?.version ?? null,
    });
  };
}
