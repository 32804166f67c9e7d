import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/lib/config/index.js';
import { silentLogger } from '../../../../src/lib/logging.js';
import { QueuedHeadersResponse } from '../../../../src/lib/serving/middleware/response-header.js';
import { SECURE_HEADERS } from '../../../../src/lib/serving/middleware/secure-headers.js';
import { type RunningServer, startServer } from '../../../../src/lib/serving/server.js';
import { createTestPredictor, goodInstance } from '../helpers.js';

let running: RunningServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await running?.shutdown('test end');
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<string> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-headers-'));
  const config = { ...defaultConfig().serve, port: 0, access_log: false, store: 'none' as const };
  running = await startServer({ config, root: dir, logger: silentLogger(), loadPredictor: createTestPredictor });
  return running.url;
}

describe('headers set on the Node response (a real socket, not app.request())', () => {
  it('given a prediction, an error and a 404, then each answer carries the request id and every secure header', async () => {
    const url = await serve();
    const answers = [
      await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'h-1' },
        body: JSON.stringify(goodInstance),
      }),
      await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'h-2' },
        body: '{"island": ',
      }),
      await fetch(`${url}/nope`, { headers: { 'X-Request-Id': 'h-3' } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 400, 404]);
    answers.forEach((res, i) => {
      expect(res.headers.get('x-request-id')).toBe(`h-${i + 1}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      for (const [name, value] of SECURE_HEADERS) expect(res.headers.get(name), name).toBe(value);
    });
    const first = answers[0];
    expect(first && ((await first.json()) as { request_id: string }).request_id).toBe('h-1');
  });

  it("given a route with its own value of a secure header (the docs page's CSP), then the route's value is sent, once", async () => {
    const url = await serve();
    const res = await fetch(`${url}/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).not.toBe(SECURE_HEADERS[0]?.[1]);
    expect(csp).not.toContain(',');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('QueuedHeadersResponse', () => {
  // A plain node:http server with the class, each path answering one way a response's header gets written.
  async function rawServer(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer({ ServerResponse: QueuedHeadersResponse }, (req, res) => {
      const out = res as QueuedHeadersResponse;
      out.queue(['X-Request-Id', 'q-1', 'X-Frame-Options', 'SAMEORIGIN']);
      out.queue(['Content-Security-Policy', "default-src 'none'"]);
      if (req.url === '/own') out.writeHead(201, { 'content-security-policy': "default-src 'self'", 'X-Own': 'yes' });
      else if (req.url === '/reason') out.writeHead(202, 'Queued', { 'X-Own': 'yes' });
      else if (req.url === '/array') out.writeHead(200, ['X-Own', 'yes', 'x-frame-options', 'DENY']);
      else out.statusCode = 204; // implicit header: end() without writeHead
      out.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
  }

  it("given queued blocks, then every way of writing the header sends them once, and the answer's own value of a name wins", async () => {
    const { url, close } = await rawServer();
    try {
      const own = await fetch(`${url}/own`);
      expect(own.status).toBe(201);
      expect(own.headers.get('content-security-policy')).toBe("default-src 'self'");
      expect([own.headers.get('x-request-id'), own.headers.get('x-frame-options'), own.headers.get('x-own')]).toEqual([
        'q-1',
        'SAMEORIGIN',
        'yes',
      ]);

      const reason = await fetch(`${url}/reason`);
      expect([reason.status, reason.statusText, reason.headers.get('x-own')]).toEqual([202, 'Queued', 'yes']);
      expect(reason.headers.get('content-security-policy')).toBe("default-src 'none'");

      const array = await fetch(`${url}/array`);
      expect(array.headers.get('x-frame-options')).toBe('DENY');
      expect([array.headers.get('x-request-id'), array.headers.get('x-own')]).toEqual(['q-1', 'yes']);

      const implicit = await fetch(`${url}/implicit`);
      expect(implicit.status).toBe(204);
      expect(implicit.headers.get('x-request-id')).toBe('q-1');
      expect(implicit.headers.get('content-security-policy')).toBe("default-src 'none'");
    } finally {
      await close();
    }
  });
});
