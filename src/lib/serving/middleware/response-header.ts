import type { Context } from 'hono';
import type { ServingEnv } from '../deps.js';

/**
 * Sets a header that every response to this request carries, whatever builds it (a handler, onError,
 * notFound). Under @hono/node-server it goes on the Node response itself: `writeHead` merges it with
 * the headers of the answer (the answer's own value of the same name wins), so a JSON answer keeps the
 * plain header object Hono gives it and is written without a WHATWG `Headers` (whose undici
 * implementation validates, sorts and copies every header of every response: ~6% of the server's CPU
 * at one penguin a request). Without a Node response (`app.request()`) it goes through Hono.
 */
export function setResponseHeader(c: Context<ServingEnv>, name: string, value: string): void {
  const outgoing = c.env?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
