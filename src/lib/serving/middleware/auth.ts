import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether two secrets are equal, in time independent of where they differ (and of their lengths). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Bearer-token auth for every path except `open`; 401 with `WWW-Authenticate` otherwise. */
export function bearerAuth(token: string, open: readonly string[]): MiddlewareHandler<ServingEnv> {
  const openPaths = new Set(open);
  return async (c, next) => {
    if (openPaths.has(c.req.path) || c.req.method === 'OPTIONS') return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !safeEqual(match[1], token)) {
      const error = header ? 'error="invalid_token"' : '';
      throw new ApiError(401, 'UNAUTHORIZED', 'A valid bearer token is required', {
        headers: { 'WWW-Authenticate': `Bearer realm="mlx"${error ? `, ${error}` : ''}` },
      });
    }
    return next();
  };
}
