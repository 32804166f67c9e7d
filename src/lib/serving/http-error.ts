import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MlxError } from '../errors.js';

/** One invalid field of a request: where (`instances[3].bill_length_mm`) and what was expected. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** Stable error codes of the HTTP API (clients may match on them). */
export type ApiErrorCode =
  | 'INVALID_INPUT'
  | 'MALFORMED_JSON'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'MALFORMED_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MODEL_NOT_READY'
  | 'STORE_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'PREDICTION_FAILED'
  | 'INTERNAL';

/** An error that becomes a JSON error response; thrown by routes and middleware, rendered in `onError`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ApiErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ErrorDetail[] };
  request_id: string;
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
    request_id: requestId,
  };
}

const API_CODES: Record<number, ApiErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_INPUT',
  503: 'STORE_UNAVAILABLE',
};

/**
 * A library error as an HTTP error: the status comes from the error catalogue; `path` names the request
 * part the error is about (`query`, `body`), and the hint becomes its detail.
 */
export function toApiError(error: MlxError, path = '(request)'): ApiError {
  const status = error.status;
  return new ApiError(status, API_CODES[status] ?? 'INTERNAL', error.message, {
    details: [{ path, message: error.hint ?? error.message }],
  });
}
