import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import type { ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Requires a JSON content type (415), at most `maxBytes` (413) and well-formed JSON (400); sets `body`. */
export function jsonBody(maxBytes: number): MiddlewareHandler<ServingEnv> {
  const contentType: MiddlewareHandler<ServingEnv> = async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) {
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Expected Content-Type: application/json, got ${type ? `'${type.slice(0, 64)}'` : 'none'}`,
      );
    }
    return next();
  };
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than ${maxBytes} bytes (serve.body_limit)`,
      );
    },
  });
  const parse: MiddlewareHandler<ServingEnv> = async (c, next) => {
    const text = await c.req.text();
    try {
      c.set('body', JSON.parse(text));
    } catch (error) {
      const reason = error instanceof SyntaxError ? error.message.slice(0, 200) : 'unreadable body';
      throw new ApiError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${reason}`);
    }
    return next();
  };
  return every(contentType, limit, parse) as MiddlewareHandler<ServingEnv>;
}
