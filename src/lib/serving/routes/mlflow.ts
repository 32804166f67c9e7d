import { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';
import { isJsonType, readBody } from '../middleware/json-body.js';
import { type ProtocolError, protocolErrors, protocolStatus, withDetails } from '../protocols/errors.js';
import {
  csvRows,
  invocationRows,
  mlflowErrorCode,
  mlflowPredictions,
  parseInvocation,
} from '../protocols/mlflow/codec.js';
import { predictInstances, requireModel } from '../protocols/predict-path.js';

const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;

/** An error as MLflow's scoring server answers it: `{"error_code": "...", "message": "..."}`. */
export function mlflowError(error: ApiError): ProtocolError {
  return { status: protocolStatus(error), body: { error_code: mlflowErrorCode(error), message: withDetails(error) } };
}

/**
 * MLflow's scoring protocol (`mlflow models serve`): `GET /ping`, `GET /version` and `POST /invocations`
 * with pandas split/records JSON, TF-style `instances`/`inputs`, or CSV. Errors are `{"error_code", "message"}`.
 */
export function mlflowRoutes(deps: ServingDeps): Hono<ServingEnv> {
  const app = new Hono<ServingEnv>();
  app.onError(protocolErrors(deps, mlflowError));
  // As MLflow's server: 200 with a newline once the model is loaded.
  app.get('/ping', (c) => {
    requireModel(deps);
    return c.body('\n', 200, { 'Content-Type': 'application/json' });
  });
  app.get('/version', (c) => c.text(deps.version ?? '0.0.0'));
  app.post('/invocations', async (c) => {
    const start = performance.now();
    const model = requireModel(deps);
    const type = c.req.header('content-type') ?? '';
    const json = isJsonType(type);
    if (!json && !CSV_TYPE.test(type))
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `This predictor only supports the content types application/json and text/csv; got ${type ? `'${type.slice(0, 64)}'` : 'none'}`,
      );
    const raw = (await readBody(c, deps.config.body_limit)).toString('utf8');
    let input: ReturnType<typeof csvRows>;
    if (json) {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch (error) {
        const reason = error instanceof SyntaxError ? error.message.slice(0, 200) : 'unreadable body';
        throw new ApiError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${reason}`);
      }
      input = invocationRows(parseInvocation(body));
    } else input = csvRows(raw, model.predictor.schema);
    const { predictions } = await predictInstances(
      deps,
      model,
      { instances: input.rows },
      {
        requestId: c.get('requestId'),
        start,
        rename: input.rename,
      },
    );
    return c.json({ predictions: mlflowPredictions(predictions) });
  });
  return app;
}
