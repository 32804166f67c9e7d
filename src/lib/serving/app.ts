import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { allowedMethods } from './allowed-methods.js';
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

/**
 * An error as the route it is about answers errors: a protocol's own shape on its paths (errors raised
 * before its routes, like auth, a wrong method, or a client error the HTTP parser caught), ours elsewhere.
 */
export function renderApiError(
  path: string,
  error: ApiError,
  requestId: string,
): { status: ApiError['status']; body: Record<string, unknown> } {
  const protocol = PROTOCOLS.find((p) => p.owns(path));
  if (protocol) return protocol.renderError(error);
  return { status: error.status, body: errorBody(error, requestId) as unknown as Record<string, unknown> };
}

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

  // A known path asked with another method: 405 with the methods it has, in the path's own shape.
  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const methods = allowed(c.req.path);
    const error =
      methods.length > 0
        ? new ApiError(
            405,
            'METHOD_NOT_ALLOWED',
            `${c.req.path.slice(0, 200)} answers ${methods.join(', ')}, not ${c.req.method}`,
            {
              headers: { Allow: methods.join(', ') },
            },
          )
        : new ApiError(404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path.slice(0, 200)}`);
    const { status, body } = renderApiError(c.req.path, error, c.get('requestId'));
    return c.json(body, status, error.headers);
  });
  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    if (err instanceof ApiError) {
      const { status, body } = renderApiError(c.req.path, err, requestId);
      return c.json(body, status, err.headers);
    }
    // A bug, never the client's fault: log the error (no request values), answer a generic 500.
    deps.logger.error('unhandled error', { request_id: requestId, error: err.message, stack: err.stack });
    const internal = new ApiError(500, 'INTERNAL', 'Internal server error');
    return c.json(errorBody(internal, requestId), 500);
  });
  return app;
}
