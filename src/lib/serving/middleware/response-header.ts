import { type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { ServingEnv } from '../deps.js';

/** Headers as a flat list: name, value, name, value... */
export type HeaderBlock = readonly string[];

const QUEUED = Symbol('mlx.queuedHeaders');

/** Lower-case header names: the names set through here are the code's own constants, few. */
const lowerNames = new Map<string, string>();
const lower = (name: string): string => {
  let low = lowerNames.get(name);
  if (low === undefined) {
    low = name.toLowerCase();
    if (lowerNames.size < 256) lowerNames.set(name, low);
  }
  return low;
};

/**
 * The server's Node response (`serverOptions.ServerResponse`): headers every response to a request carries
 * (the request id, the secure headers) wait on it as blocks and go out with the answer's own headers in one
 * `writeHead` call, as one flat list. Node's `setHeader` keeps each header in a dictionary with a lower-cased
 * copy of its name and a [name, value] pair, then copies them into the header text: ~3.5 KiB allocated per
 * request for the thirteen headers of every answer (the serve bench's heap profile), where a block is one
 * reference to a constant list. The answer's own value of a header wins over a queued one of the same name.
 */
export class QueuedHeadersResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  [QUEUED]: HeaderBlock[] | undefined;

  /** Queues a block for this response's header (false once the header is sent). */
  queue(block: HeaderBlock): boolean {
    if (this.headersSent) return false;
    if (this[QUEUED]) this[QUEUED].push(block);
    else this[QUEUED] = [block];
    return true;
  }

  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    const blocks = this[QUEUED];
    const given = typeof reason === 'string' ? headers : reason;
    if (!blocks || (given !== undefined && !isPlainHeaders(given))) {
      // Nothing queued, or headers as an array (never from Hono's adapter): Node's own path, queued ones first.
      this[QUEUED] = undefined;
      for (const block of blocks ?? [])
        for (let i = 0; i < block.length; i += 2) this.setHeader(block[i] as string, block[i + 1] as string);
      return typeof reason === 'string'
        ? super.writeHead(statusCode, reason, headers)
        : super.writeHead(statusCode, reason);
    }
    this[QUEUED] = undefined;
    const flat: (string | number | readonly string[])[] = [];
    for (const block of blocks)
      for (let i = 0; i < block.length; i += 2) {
        const name = block[i] as string;
        if (given && hasHeader(given, lower(name))) continue;
        flat.push(name, block[i + 1] as string);
      }
    if (given)
      for (const name in given) {
        const value = given[name];
        if (value !== undefined) flat.push(name, value);
      }
    const list = flat as unknown as OutgoingHttpHeader[];
    return typeof reason === 'string' ? super.writeHead(statusCode, reason, list) : super.writeHead(statusCode, list);
  }
}

const isPlainHeaders = (h: OutgoingHttpHeaders | OutgoingHttpHeader[]): h is OutgoingHttpHeaders => !Array.isArray(h);

/** Whether `headers` has `low` (a lower-case name) in any case: the answer's own headers are a few. */
function hasHeader(headers: OutgoingHttpHeaders, low: string): boolean {
  for (const name in headers) if (name.length === low.length && lower(name) === low) return true;
  return false;
}

/**
 * Sets headers that every response to this request carries, whatever builds it (a handler, onError,
 * notFound). Under @hono/node-server with mlx's server they wait on the Node response (QueuedHeadersResponse)
 * and go out with the answer's headers, so a JSON answer keeps the plain header object Hono gives it and is
 * written without a WHATWG `Headers` (whose undici implementation validates, sorts and copies every header of
 * every response: ~6% of the server's CPU at one penguin a request). On another Node response they are set
 * on it (`writeHead` merges them); without one (`app.request()`) they go through Hono.
 */
export function setResponseHeaders(c: Context<ServingEnv>, block: HeaderBlock): void {
  const outgoing = c.env?.outgoing;
  if (outgoing instanceof QueuedHeadersResponse && outgoing.queue(block)) return;
  for (let i = 0; i < block.length; i += 2) {
    const name = block[i] as string;
    const value = block[i + 1] as string;
    if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
    else c.header(name, value);
  }
}

/** One header of every response to this request (see setResponseHeaders). */
export function setResponseHeader(c: Context<ServingEnv>, name: string, value: string): void {
  setResponseHeaders(c, [name, value]);
}
