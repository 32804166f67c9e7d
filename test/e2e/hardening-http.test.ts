// Fault injection against the built `mlx serve` (issue 16): slow clients are cut off after the configured
// timeouts with a JSON 408 (not after Node's 5 minutes), a wrong method is a 405 with `Allow`, a compressed
// body a 415, headers over 16 KiB a JSON 431 with a request id, an out-of-range drift window a 400 — and
// the server keeps answering and stops cleanly after all of them.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { rawHttp, type Serving, startServing } from '../helpers/hardening.js';
import { copyProject } from '../helpers/project.js';

let cwd: string;
let serving: Serving;

beforeAll(async () => {
  cwd = copyProject('mlx-e2e-hard-http-');
  for (const args of [
    ['data', 'prepare', '-q'],
    ['train', '-q', '--set', 'train.epochs=2'],
  ]) {
    const r = runMlx(args, { cwd });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  serving = await startServing(cwd, [
    '--set',
    'serve.headers_timeout=1',
    '--set',
    'serve.request_timeout=2',
    '--set',
    'serve.keep_alive_timeout=1',
  ]);
}, 120_000);
afterAll(async () => {
  const code = await serving?.stop();
  rmSync(cwd, { recursive: true, force: true });
  expect(code).toBe(0);
});

const JSON_HEAD = 'Content-Type: application/json';

describe('mlx serve against hostile clients (built binary)', { timeout: 30_000 }, () => {
  it('cuts off a client that drips its headers: a JSON 408 within the timeouts', async () => {
    const answer = await rawHttp(serving.url, 'POST /v1/predict HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
    expect(answer.status).toBe(408);
    expect(answer.body).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.ms).toBeLessThan(10_000);
  });

  it('cuts off a client that drips its body: a 408 within the timeouts', async () => {
    const head = `POST /v1/predict HTTP/1.1\r\nHost: x\r\n${JSON_HEAD}\r\nContent-Length: 100000\r\n\r\n[`;
    const answer = await rawHttp(serving.url, head, ' ');
    expect(answer.status).toBe(408);
    expect(answer.ms).toBeLessThan(10_000);
  });

  it('cuts off a client that connects and sends nothing', async () => {
    const answer = await rawHttp(serving.url, '');
    expect(answer.status).toBe(408);
    expect(answer.ms).toBeLessThan(10_000);
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await fetch(`${serving.url}/v1/predict`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTypeOf('string');
    expect((await fetch(`${serving.url}/no/such/path`)).status).toBe(404);
  });

  it('answers a gzip body with 415, not a parse error', async () => {
    const res = await fetch(`${serving.url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: new Uint8Array([0x1f, 0x8b, 8, 0]),
    });
    expect(res.status).toBe(415);
  });

  it('answers headers over 16 KiB with a JSON 431 and a request id', async () => {
    const answer = await rawHttp(
      serving.url,
      `GET /v1/model HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than 16 KiB' },
      request_id: answer.headers['x-request-id'],
    });
  });

  it('answers an out-of-range drift window with 400 naming the parameter', async () => {
    for (const query of ['since=99999999999d', 'since=1d&until=99999-01-01', 'since=1969-12-31']) {
      const res = await fetch(`${serving.url}/v1/drift?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toMatch(/^(since|until) '/);
    }
  });

  it('still predicts, with finite probabilities, after all of the above', async () => {
    const res = await fetch(`${serving.url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        instances: [
          {
            island: 'Biscoe',
            bill_length_mm: 47.5,
            bill_depth_mm: 14.2,
            flipper_length_mm: 215,
            body_mass_g: 5300,
            sex: 'MALE',
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { predictions: { probabilities: Record<string, number | null> }[] };
    const probabilities = Object.values(body.predictions[0]?.probabilities ?? {});
    expect(probabilities).toHaveLength(3);
    for (const p of probabilities) expect(Number.isFinite(p)).toBe(true);
    expect(serving.stderr()).not.toMatch(/unhandled|This is a bug/);
  });
});
