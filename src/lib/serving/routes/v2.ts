import { type Context, Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';
import { jsonBody } from '../middleware/json-body.js';
import { type ProtocolError, protocolErrors, protocolStatus, withDetails } from '../protocols/errors.js';
import { inferOutputs, inferRows, modelMetadata } from '../protocols/kserve-v2/codec.js';
import { inferenceRequestSchema } from '../protocols/kserve-v2/schemas.js';
import { type ModelRef, servedModelFor } from '../protocols/model-ref.js';
import { predictInstances, requireModel } from '../protocols/predict-path.js';
import { formatIssues } from '../validation/format-issues.js';

/** An error as the Open Inference Protocol answers it: `{"error": "..."}`. */
export function v2Error(error: ApiError): ProtocolError {
  return { status: protocolStatus(error), body: { error: withDetails(error) } };
}

/**
 * The Open Inference Protocol v2 (KServe, Triton, Seldon MLServer), REST: health, server and model
 * metadata, model readiness and `infer`. Errors are `{"error": "..."}`.
 */
export function v2Routes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.onError(
    protocolErrors(deps, (error) => ({ status: protocolStatus(error), body: { error: withDetails(error) } })),
  );
  const ref = (name: string, version?: string): ModelRef => ({ name, version });

  app.get('/', (c) => c.json({ name: 'mlx', version: deps.version ?? '0.0.0', extensions: [] }));
  app.get('/health/live', (c) => c.json({ live: true }));
  app.get('/health/ready', (c) => {
    requireModel(deps);
    if (deps.isShuttingDown?.()) throw new ApiError(503, 'SHUTTING_DOWN', 'The server is shutting down');
    return c.json({ ready: true });
  });

  const metadata = (name: string, version?: string) => {
    const model = servedModelFor(deps, ref(name, version));
    return modelMetadata(model.name, model.version, model.predictor.schema);
  };
  app.get('/models/:name', (c) => c.json(metadata(c.req.param('name'))));
  app.get('/models/:name/versions/:version', (c) => c.json(metadata(c.req.param('name'), c.req.param('version'))));
  const ready = (name: string, version?: string) => ({
    name: servedModelFor(deps, ref(name, version)).name,
    ready: true,
  });
  app.get('/models/:name/ready', (c) => c.json(ready(c.req.param('name'))));
  app.get('/models/:name/versions/:version/ready', (c) => c.json(ready(c.req.param('name'), c.req.param('version'))));

  const infer = jsonBody(deps.config.body_limit);
  const handler = async (c: Context<ServingEnv>, name: string, version?: string) => {
    const start = performance.now();
    const model = servedModelFor(deps, ref(name, version));
    const parsed = inferenceRequestSchema.safeParse(c.get('body'));
    if (!parsed.success)
      throw new ApiError(400, 'INVALID_INPUT', 'Not an inference request', {
        details: formatIssues(parsed.error.issues),
      });
    const request = parsed.data;
    const { rows, rename } = inferRows(request, model.predictor.schema, deps.config.on_unknown_field);
    const requested = request.outputs?.map((o) => o.name);
    // The outputs are checked before predicting: a bad request logs nothing.
    inferOutputs([], model.predictor.schema, requested);
    const { predictions, model: answered } = await predictInstances(
      deps,
      model,
      { instances: rows },
      {
        requestId: c.get('requestId'),
        start,
        rename,
        pinned: version !== undefined,
      },
    );
    return c.json({
      model_name: model.name,
      model_version: answered.version,
      ...(request.id === undefined ? {} : { id: request.id }),
      outputs: inferOutputs(predictions, model.predictor.schema, requested),
    });
  };
  app.post('/models/:name/infer', infer, (c) => handler(c, c.req.param('name')));
  app.post('/models/:name/versions/:version/infer', infer, (c) =>
    handler(c, c.req.param('name'), c.req.param('version')),
  );
  return app;
}
