import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { ServingDeps, ServingEnv } from './deps.js';
import { ApiError, errorBody } from './http-error.js';
import { bearerAuth } from './middleware/auth.js';
import { observe } from './middleware/observe.js';
import { requestId } from './middleware/request-id.js';
import { secureHeaders } from './middleware/secure-headers.js';
import { PROTOCOLS } from './protocols/registry.js';
import { docsRoutes } from './routes/docs.js';
import { driftRoutes } from './routes/drift.js';
import { modelRoutes } from './routes/model.js';
import { openapiRoutes } from './routes/openapi.js';
import { opsRoutes } from './routes/ops.js';
import { predictRoutes } from './routes/predict.js';

const OPS_PATHS = ['/health', '/ready', '/metrics', ...PROTOCOLS.flatMap((p) => p.probes)];

/** The serving HTTP app (no socket: `app.request()` in tests, @hono/node-server in `mlx serve`). */
export function createApp(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  const { config } = deps;

  app.use('*', requestId(), observe(deps), secureHeaders());
  if (config.cors.origins.length > 0)
    app.use('*', cors({ origin: config.cors.origins, exposeHeaders: ['X-Request-Id'] }));
  app.use('*', async (c, next) => {
    await next();
    // Keep-alive clients reconnect elsewhere once a shutdown started.
    if (deps.isShuttingDown?.()) c.res.headers.set('Connection', 'close');
  });
  app.route('/docs', docsRoutes()); // before auth: the page asks for the token itself
  if (deps.authToken) app.use('*', bearerAuth(deps.authToken, config.auth.protect_ops ? [] : OPS_PATHS));

  // Every route is a sub-app mounted here.
  app.route('/', opsRoutes(deps));
  app.route('/v1/model', modelRoutes(deps));
  app.route('/v1/predict', predictRoutes(deps));
  app.route('/v1/drift', driftRoutes(deps));
  app.route('/openapi.json', openapiRoutes(deps, deps.version ?? '0.0.0'));
  // KServe v2 under /v2, MLflow at /ping /version /invocations, TF Serving under /v1/models.
  for (const protocol of PROTOCOLS) app.route(protocol.mount, protocol.routes(deps));

  // Errors raised before a protocol's own routes (auth, no such route) still answer in its shape.
  const protocolFor = (path: string) => PROTOCOLS.find((p) => p.owns(path));
  app.notFound((c) => {
    const error = new ApiError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path.slice(0, 200)}`);
    const protocol = protocolFor(c.req.path);
    if (protocol) {
      const { status, body } = protocol.renderError(error);
      return c.json(body, status);
    }
    return c.json(errorBody(error, c.get('requestId')), 404);
  });
  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    const protocol = err instanceof ApiError ? protocolFor(c.req.path) : undefined;
    if (err instanceof ApiError && protocol) {
      const { status, body } = protocol.renderError(err);
      return c.json(body, status, err.headers);
    }
    if (err instanceof ApiError) return c.json(errorBody(err, requestId), err.status, err.headers);
    // A bug, never the client's fault: log the error (no request values), answer a generic 500.
    deps.logger.error('unhandled error', { request_id: requestId, error: err.message, stack: err.stack });
    const internal = new ApiError(500, 'INTERNAL', 'Internal server error');
    return c.json(errorBody(internal, requestId), 500);
  });
  return app;
}
