import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { createTestApp, goodInstance, postJson } from './helpers.js';

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

describe('access log', () => {
  it('writes one line per request with method, route, status, latency, request id and model version', async () => {
    const { logger, lines } = capturingLogger();
    const { app } = await createTestApp({ logger, serve: { access_log: true } });
    await postJson(app, '/v1/predict', goodInstance, { 'X-Request-Id': 'req-1' });
    await postJson(app, '/v1/predict', { ...goodInstance, island: 'Secret Island' }, { 'X-Request-Id': 'req-2' });
    await app.request('/nope', { method: 'PROPFIND' });
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.message, l.method, l.route, l.status, l.request_id, l.model_version])).toEqual([
      ['request', 'POST', '/v1/predict', 200, 'req-1', '3'],
      ['request', 'POST', '/v1/predict', 422, 'req-2', '3'],
      ['request', 'OTHER', 'unmatched', 404, expect.any(String), '3'],
    ]);
    for (const line of lines) expect(line.latency_ms).toBeGreaterThanOrEqual(0);
    // Never feature values (no PII in logs), even for the rejected request.
    const text = JSON.stringify(lines);
    for (const value of ['Torgersen', 'Secret Island', '39.1']) expect(text).not.toContain(value);
  });

  it('logs 5xx answers at error level, and nothing with serve.access_log false', async () => {
    const { createTestPredictor } = await import('./helpers.js');
    const real = await createTestPredictor();
    const broken = {
      ...real,
      predict: () => {
        throw new Error('model exploded');
      },
    };
    const { logger, lines } = capturingLogger();
    const { app } = await createTestApp({ logger, predictor: broken, serve: { access_log: true } });
    await postJson(app, '/v1/predict', goodInstance);
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['error', 'prediction failed'],
      ['error', 'request'],
    ]);
    const quiet = capturingLogger();
    const off = await createTestApp({ logger: quiet.logger });
    await postJson(off.app, '/v1/predict', goodInstance);
    expect(quiet.lines).toEqual([]);
  });
});
