import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { defaultConfig } from '../../../src/lib/config/index.js';
import { configSchema } from '../../../src/lib/config/schema.js';
import type { ServeConfig } from '../../../src/lib/config/sections/serve.js';
import { httpTimeouts } from '../../../src/lib/serving/client-errors.js';
import { type RunningServer, startServer } from '../../../src/lib/serving/server.js';
import { createTestPredictor } from './helpers.js';

/** A real winston logger whose JSON lines are kept in memory. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { logger, lines };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

/**
 * Sends raw bytes (then `drip` every 100 ms until the server closes) and reads the raw answer: what a slow
 * or hostile client sees, with no HTTP library in between.
 */
function raw(url: string, first: string, drip = ''): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const timer = drip ? setInterval(() => socket.writable && socket.write(drip), 100) : undefined;
    socket.on('data', (d) => {
      data += d.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      const [head = '', text = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text ? JSON.parse(text) : null });
    });
    socket.write(first);
  });
}

describe('HTTP hardening of mlx serve', () => {
  let dir: string;
  let running: RunningServer | undefined;
  let lines: Record<string, unknown>[];
  const start = async (over: Partial<ServeConfig> = {}) => {
    const captured = capturingLogger();
    lines = captured.lines;
    running = await startServer({
      config: { ...defaultConfig().serve, port: 0, access_log: false, store: 'none', ...over },
      root: dir,
      logger: captured.logger,
      loadPredictor: createTestPredictor,
    });
    return running.url;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-http-'));
  });
  afterEach(async () => {
    await running?.shutdown('test end');
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('has sane timeout defaults, configurable and range-checked', () => {
    const serve = defaultConfig().serve;
    expect([serve.headers_timeout, serve.request_timeout, serve.keep_alive_timeout]).toEqual([10, 30, 5]);
    expect(httpTimeouts(serve)).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1000,
    });
    for (const bad of [
      { request_timeout: 0 },
      { keep_alive_timeout: 1e9 },
      { headers_timeout: 40, request_timeout: 30 },
      { reload_interval: 1e12 },
      { drift_check_interval: 1e12 },
    ])
      expect(configSchema.safeParse({ serve: bad }).success, JSON.stringify(bad)).toBe(false);
  });

  it('answers headers over 16 KiB with a JSON 431 and a request id, in the shape of the path', async () => {
    const url = await start();
    const big = `X-Big: ${'a'.repeat(17_000)}\r\n`;
    const own = await raw(url, `GET /v1/model HTTP/1.1\r\nHost: x\r\n${big}\r\n`);
    expect(own.status).toBe(431);
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(own.body).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than 16 KiB' },
      request_id: own.headers['x-request-id'],
    });
    const mlflow = await raw(url, `POST /invocations HTTP/1.1\r\nHost: x\r\n${big}\r\n`);
    expect([mlflow.status, mlflow.body]).toEqual([
      431,
      { error_code: 'RESOURCE_EXHAUSTED', message: 'The request headers are larger than 16 KiB' },
    ]);
  });

  it('answers malformed HTTP with a JSON 400', async () => {
    const url = await start();
    const answer = await raw(url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expect((answer.body as { error?: { code: string } } | null)?.error?.code).toBe('MALFORMED_REQUEST');
  });

  it('cuts off a client that sends its headers too slowly (408 JSON), not after Node’s 5 minutes', async () => {
    const url = await start({ headers_timeout: 0.5, request_timeout: 1 });
    const answer = await raw(url, 'POST /v1/predict HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
    expect(answer.status).toBe(408);
    expect((answer.body as { error?: { code: string } } | null)?.error?.code).toBe('REQUEST_TIMEOUT');
  });

  it('cuts off a client that sends its body too slowly (408), without logging a bug', async () => {
    const url = await start({ headers_timeout: 0.5, request_timeout: 1 });
    const head =
      'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const answer = await raw(url, head, ' ');
    expect(answer.status).toBe(408);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((l) => l.message === 'unhandled error')).toEqual([]);
  });

  it('cuts off a connection that sends nothing at all after headers_timeout (408)', async () => {
    const url = await start({ headers_timeout: 0.3, request_timeout: 1 });
    const answer = await raw(url, '');
    expect(answer.status).toBe(408);
  });

  it('closes an idle keep-alive connection after keep_alive_timeout', async () => {
    const url = await start({ keep_alive_timeout: 0.3 });
    const answer = await raw(url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect([answer.status, answer.body]).toEqual([200, { status: 'ok' }]);
  });

  it('answers a compressed body with 415 instead of a parse error', async () => {
    const url = await start();
    const res = await fetch(`${url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: new Uint8Array([0x1f, 0x8b, 8, 0]),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Content-Encoding 'gzip'/);
    const v2 = await fetch(`${url}/v2/models/penguins/infer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
      body: '{}',
    });
    expect(v2.status).toBe(415);
    expect(Object.keys((await v2.json()) as object)).toEqual(['error']);
  });
});
