import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import { createLogger, lineWriter, silentLogger } from '../../src/lib/logging.js';

const flush = (logger: ReturnType<typeof createLogger>) =>
  new Promise<void>((resolve) => {
    logger.on('finish', () => setTimeout(resolve, 50));
    logger.end();
  });

describe('createLogger', () => {
  it('writes JSON lines to stderr when not a TTY, and to a file when asked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-log-'));
    const file = path.join(dir, 'mlx.log');
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const stdout = vi.spyOn(process.stdout, 'write');
    const logger = createLogger({ level: 'info', format: 'auto', isTTY: false, file });
    logger.info('trained', { epochs: 3 });
    logger.debug('hidden');
    await flush(logger);
    spy.mockRestore();
    const line = JSON.parse(writes.find((w) => w.includes('trained')) ?? '{}');
    expect(line).toMatchObject({ level: 'info', message: 'trained', epochs: 3 });
    expect(writes.join('')).not.toContain('hidden');
    expect(stdout).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(file, 'utf8').trim())).toMatchObject({ message: 'trained' });
  });

  it('writes readable lines on a TTY, with the component of a child logger', async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const logger = createLogger({ format: 'auto', isTTY: true });
    logger.child({ component: 'train' }).warn('slow', { epoch: 2 });
    await flush(logger);
    spy.mockRestore();
    expect(writes.join('')).toMatch(/\d\d:\d\d:\d\d\.\d{3} .*warn.* \[train\] slow epoch=2/);
  });

  it('quiet keeps only errors; the silent logger drops everything', () => {
    expect(createLogger({ quiet: true, level: 'debug' }).level).toBe('error');
    expect(silentLogger().silent).toBe(true);
  });
});

describe('lineWriter', () => {
  /** Everything written to a logger's destination, as text. */
  function captured(options: Parameters<typeof createLogger>[0] = {}) {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    return { logger: createLogger({ format: 'json', ...options, stream }), text: () => text };
  }
  const fields = ['method', 'route', 'status', 'latency_ms', 'request_id', 'model_version', 'note'] as const;
  const values = {
    method: 'POST',
    route: '/v1/predict',
    status: 200,
    latency_ms: 0.123,
    request_id: 'a"b\\c',
    model_version: null,
    note: undefined,
  };

  it("given a JSON logger's child, then it writes the line winston writes for the same call (timestamp aside)", async () => {
    const { logger, text } = captured();
    const child = logger.child({ component: 'serve', route: 'overridden' });
    child.info('request', values);
    lineWriter(child, fields)('info', 'request', values);
    await flush(logger);
    const [winstonLine, ours] = text().trim().split('\n');
    const stamp = (line = '') => line.replace(/"timestamp":"[^"]+"/, '"timestamp":"T"');
    expect(stamp(ours)).toBe(stamp(winstonLine));
    expect(JSON.parse(ours ?? '')).toMatchObject({ component: 'serve', route: '/v1/predict', request_id: 'a"b\\c' });
    expect(ours).not.toContain('note');
  });

  it("keeps the logger's level, and writes through winston for loggers it does not know", async () => {
    const quiet = captured({ level: 'warn' });
    const write = lineWriter(quiet.logger, fields);
    write('info', 'request', values);
    write('error', 'request', { ...values, status: 500 });
    await flush(quiet.logger);
    expect(
      quiet
        .text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).status),
    ).toEqual([500]);

    const lines: string[] = [];
    const own = winston.createLogger({
      format: winston.format.printf(({ message, status }) => `${String(message)} ${String(status)}`),
      transports: [
        new winston.transports.Stream({ stream: new PassThrough().on('data', (c) => lines.push(String(c))) }),
      ],
    });
    lineWriter(own, fields)('info', 'request', values);
    await flush(own);
    expect(lines.join('')).toContain('request 200');
  });
});
