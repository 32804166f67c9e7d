import type { ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ServingDeps, ServingEnv } from '../deps.js';
import { ApiError, type ErrorDetail } from '../http-error.js';

/** A protocol's own error response: its status and JSON body. */
export interface ProtocolError {
  status: ContentfulStatusCode;
  body: Record<string, unknown>;
}

/**
 * The `onError` of a protocol's routes: every error in that protocol's own shape. A client's mistake
 * keeps its 4xx status (validation: 400, as KServe, MLflow and TF Serving answer it, not our 422); a bug
 * is logged and answered 500, in the same shape.
 */
export function protocolErrors(
  deps: ServingDeps,
  render: (error: ApiError) => ProtocolError,
): ErrorHandler<ServingEnv> {
  return (err, c) => {
    let error: ApiError;
    if (err instanceof ApiError) error = err;
    else {
      deps.logger.error('unhandled error', { request_id: c.get('requestId'), error: err.message, stack: err.stack });
      error = new ApiError(500, 'INTERNAL', 'Internal server error');
    }
    const { status, body } = render(error);
    return c.json(body, status, error.headers);
  };
}

/** The status a foreign protocol answers: invalid input is its 400 (our own API says 422). */
export function protocolStatus(error: ApiError): ContentfulStatusCode {
  return error.status === 422 ? 400 : error.status;
}

/** The message with the invalid fields in it, for protocols whose errors are one string. */
export function withDetails(error: ApiError, limit = 10): string {
  const details = error.details ?? [];
  if (details.length === 0) return error.message;
  const shown = details.slice(0, limit).map((d) => `${d.path}: ${d.message}`);
  const more = details.length > limit ? `; and ${details.length - limit} more` : '';
  return `${error.message}: ${shown.join('; ')}${more}`;
}

/** A 400 for a payload that does not have the protocol's shape, naming the field. */
export function badRequest(message: string, details: ErrorDetail[] = []): ApiError {
  return new ApiError(400, 'INVALID_INPUT', message, { details });
}
