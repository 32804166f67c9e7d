import { type Context, Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';
import { jsonBody } from '../middleware/json-body.js';
import { type ProtocolError, protocolErrors, protocolStatus, withDetails } from '../protocols/errors.js';
import { type ModelRef, servedModelFor } from '../protocols/model-ref.js';
import { predictInstances } from '../protocols/predict-path.js';
import { modelMetadata, predictResponse, predictRows } from '../protocols/tf-serving/codec.js';
import { predictRequestSchema } from '../protocols/tf-serving/schemas.js';
import { formatIssues } from '../validation/format-issues.js';

/** `penguins:predict` (a path segment with TF Serving's method suffix). */
const METHOD = '{[^/:]+:[A-Za-z]+}';

function method(spec: string): { target: string; verb: string } {
  const at = spec.lastIndexOf(':');
  return { target: spec.slice(0, at), verb: spec.slice(at + 1) };
}

/** An error as TF Serving answers it: `{"error": "..."}`. */
export function tfServingError(error: ApiError): ProtocolError {
  return { status: protocolStatus(error), body: { error: withDetails(error) } };
}

/**
 * TensorFlow Serving's REST API, mounted at `/v1/models` (beside our own `/v1/model` and `/v1/predict`):
 * model status, metadata and `:predict` by name, version or label. Errors are `{"error": "..."}`.
 */
export function tfServingRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.onError(
    protocolErrors(deps, (error) => ({ status: protocolStatus(error), body: { error: withDetails(error) } })),
  );

  const status = (ref: ModelRef) => {
    const model = servedModelFor(deps, ref);
    return {
      model_version_status: [
        { version: model.version, state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } },
      ],
    };
  };
  const metadata = (ref: ModelRef) => {
    const model = servedModelFor(deps, ref);
    return modelMetadata(model.name, model.version, model.predictor.schema);
  };
  app.get('/:name', (c) => c.json(status({ name: c.req.param('name') })));
  app.get('/:name/versions/:version', (c) => c.json(status(c.req.param())));
  app.get('/:name/labels/:label', (c) => c.json(status(c.req.param())));
  app.get('/:name/metadata', (c) => c.json(metadata({ name: c.req.param('name') })));
  app.get('/:name/versions/:version/metadata', (c) => c.json(metadata(c.req.param())));
  app.get('/:name/labels/:label/metadata', (c) => c.json(metadata(c.req.param())));

  const predict = async (c: Context<ServingEnv>, ref: ModelRef, verb: string) => {
    const start = performance.now();
    if (verb !== 'predict')
      throw new ApiError(404, 'NOT_FOUND', `mlx serves the :predict API of TensorFlow Serving, not :${verb}`);
    const model = servedModelFor(deps, ref);
    const parsed = predictRequestSchema.safeParse(c.get('body'));
    if (!parsed.success)
      throw new ApiError(400, 'INVALID_INPUT', 'Not a predict request', { details: formatIssues(parsed.error.issues) });
    const { rows, rename, format } = predictRows(parsed.data, model.predictor.schema);
    const { predictions } = await predictInstances(
      deps,
      model,
      { instances: rows },
      {
        requestId: c.get('requestId'),
        start,
        rename,
        pinned: ref.version !== undefined || ref.label !== undefined,
      },
    );
    return c.json(predictResponse(predictions, model.predictor.schema, format));
  };
  const body = jsonBody(deps.config.body_limit);
  app.post(`/:spec${METHOD}`, body, (c) => {
    const { target, verb } = method(c.req.param('spec'));
    return predict(c, { name: target }, verb);
  });
  app.post(`/:name/versions/:spec${METHOD}`, body, (c) => {
    const { target, verb } = method(c.req.param('spec'));
    return predict(c, { name: c.req.param('name'), version: target }, verb);
  });
  app.post(`/:name/labels/:spec${METHOD}`, body, (c) => {
    const { target, verb } = method(c.req.param('spec'));
    return predict(c, { name: c.req.param('name'), label: target }, verb);
  });
  return app;
}
