import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunCatalog } from '../../../src/lib/tracking/run-index.js';

let root: string;
let runs: string;
const cacheFile = () => path.join(root, '.mlx', 'cache', 'runs-index.json');
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-run-index-'));
  runs = path.join(root, 'runs');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(id: string, content: unknown): void {
  mkdirSync(path.join(runs, id), { recursive: true });
  writeFileSync(path.join(runs, id, 'run.json'), typeof content === 'string' ? content : JSON.stringify(content));
}
const run = (id: string, status = 'completed', metrics: Record<string, number> = { val_accuracy: 0.9 }) => ({
  id,
  status,
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  params: { lr: 0.1 },
  metrics,
});

describe('run catalog', () => {
  it('lists runs newest first and turns broken folders into problems instead of failing', () => {
    write('20260101-a', run('20260101-a'));
    write('20260102-b', '{"status":');
    write('20260103-c', { status: 'completed' });
    mkdirSync(path.join(runs, '20260104-empty'));
    write('20260105-d', run('someone-else'));
    const entries = createRunCatalog(runs).list();
    expect(entries.map((e) => [e.id, e.problem?.replace(/ \(.*/, '') ?? 'ok'])).toEqual([
      ['20260105-d', 'run.json names run someone-else, not its folder 20260105-d'],
      ['20260104-empty', 'no run.json in this folder'],
      ['20260103-c', 'run.json has no startedAt, params, metrics'],
      ['20260102-b', 'run.json is not valid JSON'],
      ['20260101-a', 'ok'],
    ]);
  });

  it('reads a finished run once, re-reads running ones, and returns the same array while nothing changed', () => {
    write('20260101-a', run('20260101-a'));
    write('20260102-b', run('20260102-b', 'running', {}));
    const catalog = createRunCatalog(runs, { cacheFile: cacheFile() });
    const first = catalog.list();
    expect(first[0]?.record?.status).toBe('running');
    write('20260102-b', run('20260102-b', 'completed', { val_accuracy: 0.7 }));
    const second = catalog.list();
    expect(second[0]?.record?.metrics).toEqual({ val_accuracy: 0.7 });
    expect(catalog.list()).toBe(catalog.list());
    write('20260103-c', run('20260103-c'));
    expect(catalog.list().map((e) => e.id)).toEqual(['20260103-c', '20260102-b', '20260101-a']);
  });

  it('keeps finished records in the cache file: a new process does not read their run.json again', () => {
    write('20260101-a', run('20260101-a'));
    createRunCatalog(runs, { cacheFile: cacheFile() }).list();
    // Were run.json read again, this edit would show; the cache answers instead (finished runs never change).
    write('20260101-a', run('20260101-a', 'completed', { val_accuracy: 0.1 }));
    expect(createRunCatalog(runs, { cacheFile: cacheFile() }).list()[0]?.record?.metrics).toEqual({
      val_accuracy: 0.9,
    });
    // Without the cache file (or with a damaged one), run.json is the truth.
    writeFileSync(cacheFile(), '{ damaged');
    expect(createRunCatalog(runs, { cacheFile: cacheFile() }).list()[0]?.record?.metrics).toEqual({
      val_accuracy: 0.1,
    });
    rmSync(path.join(runs, '20260101-a'), { recursive: true });
    expect(createRunCatalog(runs, { cacheFile: cacheFile() }).list()).toEqual([]);
  });

  it('lists nothing when the runs folder does not exist', () => {
    expect(createRunCatalog(path.join(root, 'nope')).list()).toEqual([]);
  });
});
