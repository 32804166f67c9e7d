import { randomUUID } from 'node:crypto';
import { type ServerOptions, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServeConfig } from '../config/sections/serve.js';
import type { Logger } from '../logging.js';
import { renderApiError } from './app.js';
import { ApiError } from './http-error.js';

/**
 * Node's HTTP timeouts from `serve.*` (seconds): a slow client is cut off after `headers_timeout` without
 * its headers or `request_timeout` without its whole request, an idle keep-alive connection after
 * `keep_alive_timeout`. Node checks them every `connectionsCheckingInterval`: 1 s, not its default 30 s.
 */
export function httpTimeouts(
  config: Pick<ServeConfig, 'headers_timeout' | 'request_timeout' | 'keep_alive_timeout'>,
): ServerOptions {
  return {
    headersTimeout: Math.round(config.headers_timeout * 1000),
    requestTimeout: Math.round(config.request_timeout * 1000),
    keepAliveTimeout: Math.round(config.keep_alive_timeout * 1000),
    connectionsCheckingInterval: 1000,
  };
}

/** The API error for a request Node's HTTP parser refused before any route saw it. */
function parserError(code: string | undefined): ApiError | null {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'HEADERS_TOO_LARGE', 'The request headers are larger than 16 KiB');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(
        408,
        'REQUEST_TIMEOUT',
        'The request was not received in time (serve.headers_timeout, serve.request_timeout)',
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case undefined:
      return null;
    default:
      return code.startsWith('HPE_') ? new ApiError(400, 'MALFORMED_REQUEST', 'The request is not valid HTTP') : null;
  }
}

/** The path of the request line a parser error came with (`POST /invocations HTTP/1.1`), if readable. */
function requestPath(raw: unknown): string {
  if (!Buffer.isBuffer(raw)) return '/';
  const line = raw.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = line.split(' ')[1] ?? '/';
  return target.startsWith('/') ? (target.split('?')[0] ?? '/') : '/';
}

/**
 * The `clientError` handler: Node's own answers to a request its parser refused (headers over 16 KiB,
 * a timeout, malformed HTTP) are bare; these are JSON in the shape of the path's protocol, with an
 * `X-Request-Id`, and the connection is closed.
 */
export function answerClientError(
  logger: Logger,
): (error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex) => void {
  return (error, socket) => {
    const api = parserError(error.code);
    // As Node's own handler: only while no response has started on this connection.
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!api || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const path = requestPath(error.rawPacket);
    const { status, body } = renderApiError(path, api, requestId);
    const text = JSON.stringify(body);
    logger.warn('client error', { request_id: requestId, status, code: error.code, path: path.slice(0, 200) });
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(text)}`,
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        text,
      ].join('\r\n'),
    );
  };
}
