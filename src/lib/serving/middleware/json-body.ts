import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { ServingEnv } from '../deps.js';
import { ApiError } from '../http-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const tooLarge = (maxBytes: number) =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes (serve.body_limit)`);

/** Reads the Node request stream directly (no web-stream adapter on the hot path), stopping past the limit. */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.off('data', onData);
        incoming.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    // The client went away (or serve.request_timeout cut it off) mid-body: its fault, not a bug.
    incoming.once('error', () =>
      reject(
        new ApiError(
          400,
          'MALFORMED_REQUEST',
          'The request body ended early: the client closed the connection or was too slow',
        ),
      ),
    );
  });
}

/** Reads a web Request body (app.request() in tests, other runtimes) with the same limit. */
async function readWeb(request: Request, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!request.body) return Buffer.alloc(0);
  for await (const chunk of request.body) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The raw request body, at most `maxBytes` (413, also when Content-Length says so up front). A compressed
 * body (`Content-Encoding: gzip`, ...) is refused with 415: bodies are small, and a decompression bomb
 * needs no handling where nothing is decompressed.
 */
export function readBody(c: Context<ServingEnv>, maxBytes: number): Promise<Buffer> {
  const encoding = (c.req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity')
    return Promise.reject(
      new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Encoding '${encoding.slice(0, 64)}' is not supported: send the body uncompressed`,
        { headers: { 'Accept-Encoding': 'identity' } },
      ),
    );
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  const incoming = c.env?.incoming;
  return incoming ? readIncoming(incoming, maxBytes) : readWeb(c.req.raw, maxBytes);
}

/** Whether a Content-Type header is JSON (`application/json`, `application/*+json`, with parameters). */
export function isJsonType(type: string): boolean {
  return JSON_TYPE.test(type);
}

/** Requires a JSON content type (415), at most `maxBytes` (413) and well-formed JSON (400); sets `body`. */
export function jsonBody(maxBytes: number): MiddlewareHandler<ServingEnv> {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) {
      const got = type ? `'${type.slice(0, 64)}'` : 'none';
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Expected Content-Type: application/json, got ${got}`);
    }
    const raw = await readBody(c, maxBytes);
    try {
      c.set('body', JSON.parse(raw.toString('utf8')));
    } catch (error) {
      const reason = error instanceof SyntaxError ? error.message.slice(0, 200) : 'unreadable body';
      throw new ApiError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${reason}`);
    }
    return next();
  };
}
