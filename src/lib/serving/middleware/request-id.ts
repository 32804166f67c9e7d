import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ServingEnv } from '../deps.js';
import { setResponseHeader } from './response-header.js';

/** Inbound ids are echoed only when they are short and plain (no log injection). */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a sane inbound `X-Request-Id`, else generates one; echoes it on every response. */
export function requestId(): MiddlewareHandler<ServingEnv> {
  return async (c, next) => {
    const inbound = c.req.header('x-request-id');
    const id = inbound !== undefined && SANE_ID.test(inbound) ? inbound : randomUUID();
    c.set('requestId', id);
    // Before the handler: part of every response it (or onError / notFound) builds.
    setResponseHeader(c, 'X-Request-Id', id);
    await next();
  };
}
