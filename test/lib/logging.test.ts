import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, silentLogger } from '../../src/lib/logging.js';

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
