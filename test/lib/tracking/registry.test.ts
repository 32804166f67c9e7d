import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderModels } from '../../../src/cli/render/models.js';
import { renderComparison, renderRunList } from '../../../src/cli/render/runs.js';
import { defaultConfig } from '../../../src/lib/config/index.js';
import { MlxError } from '../../../src/lib/errors.js';
import { configHash, flatten, stableJson } from '../../../src/lib/tracking/lineage.js';
import { listModels } from '../../../src/lib/tracking/models.js';
import { resolveModelRef } from '../../../src/lib/tracking/refs.js';
import {
  nextVersion,
  readRegistry,
  registerVersion,
  resolveVersion,
  setAlias,
  versionDir,
} from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';
import { createRunDir, findRun, listRunRecords, newRunId, updateRun } from '../../../src/lib/tracking/run-dir.js';
import { compareRuns } from '../../../src/lib/tracking/runs.js';

let root: string;
const config = { ...defaultConfig(), model: { ...defaultConfig().model, name: 'm' } };
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'mlx-registry-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A directory that looks like a bundle (the registry only copies it). */
function fakeBundle(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'MANIFEST.sha256'), '');
  return dir;
}

const entry = (version: number) => ({
  version,
  runId: `run${version}`,
  createdAt: '2026-01-01T00:00:00Z',
  metrics: { test_accuracy: 0.9 },
  dataFingerprint: 'f',
  configHash: 'c',
});

describe('registry', () => {
  it('registers versions as self-contained copies; aliases point at versions', async () => {
    const models = new FolderRegistryStore(path.join(root, 'models'));
    expect(await nextVersion(models, 'm')).toBe(1);
    await registerVersion(models, 'm', fakeBundle('b1'), entry(1));
    await registerVersion(models, 'm', fakeBundle('b2'), entry(2));
    expect(await nextVersion(models, 'm')).toBe(3);
    await expect(registerVersion(models, 'm', fakeBundle('b3'), entry(2))).rejects.toThrow(/already registered/);
    expect(await setAlias(models, 'm', 'production', 1)).toBeNull();
    expect(await setAlias(models, 'm', 'production', 2)).toBe(1);
    const registry = await readRegistry(models, 'm');
    expect(resolveVersion(registry, 'production')).toBe(2);
    expect(resolveVersion(registry, 'latest')).toBe(2);
    expect(resolveVersion(registry, 'v1')).toBe(1);
    expect(() => resolveVersion(registry, 'staging')).toThrow(/not a version or alias/);
    await expect(setAlias(models, 'm', 'Bad Alias', 1)).rejects.toThrow(/not a valid alias/);
    await expect(setAlias(models, 'm', 'staging', 9)).rejects.toThrow(MlxError);
    expect(renderModels(await listModels({ root, config }))).toMatch(/m\s+2\s+production/);
  });

  it('resolves refs: path, run dir, NAME@ALIAS, NAME@VERSION, latest, run id', async () => {
    const models = path.join(root, 'models');
    const store = new FolderRegistryStore(models);
    await registerVersion(store, 'm', fakeBundle('b1'), entry(1));
    await setAlias(store, 'm', 'production', 1);
    const ctx = { root, config };
    expect(await resolveModelRef('m@production', ctx)).toBe(versionDir(models, 'm', 1));
    expect(await resolveModelRef('m@1', ctx)).toBe(versionDir(models, 'm', 1));
    expect(await resolveModelRef('latest', ctx)).toBe(versionDir(models, 'm', 1));
    expect(await resolveModelRef(path.join(root, 'b1'), ctx)).toBe(path.join(root, 'b1'));
    const run = createRunDir(path.join(root, 'runs'), { ...runRecord(), id: '20260101-000000-abcdef' });
    mkdirSync(path.join(run.dir, 'model'));
    writeFileSync(path.join(run.dir, 'model', 'MANIFEST.sha256'), '');
    expect(await resolveModelRef('abcdef', ctx)).toBe(path.join(run.dir, 'model'));
    expect(await resolveModelRef(run.dir, ctx)).toBe(path.join(run.dir, 'model'));
    await expect(resolveModelRef('nope', ctx)).rejects.toMatchObject({ code: 'MLX_MODEL_NOT_FOUND', exitCode: 2 });
    await expect(resolveModelRef(root, ctx)).rejects.toMatchObject({ code: 'MLX_BUNDLE_CORRUPT' });
  });

  it("'latest' without a registry falls back to the newest completed run, else explains", async () => {
    const ctx = { root, config };
    await expect(resolveModelRef('latest', ctx)).rejects.toThrow(/No trained model yet/);
    const run = createRunDir(path.join(root, 'runs'), { ...runRecord(), status: 'completed' });
    expect(await resolveModelRef('latest', ctx)).toBe(path.join(run.dir, 'model'));
  });
});

function runRecord() {
  return {
    status: 'running' as const,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: null,
    params: { 'train.lr': 0.1, 'model.hidden': [32] },
    metrics: {},
    dataFingerprint: 'f',
    configHash: 'c',
    model: null,
    weightsSha256: null,
    backend: 'wasm',
    error: null,
  };
}

describe('runs', () => {
  it('ids sort by time; find by unique prefix or suffix; ambiguous prefixes are refused', () => {
    expect(newRunId(new Date('2026-02-03T04:05:06Z'))).toMatch(/^20260203-040506-[0-9a-f]{6}$/);
    const runs = path.join(root, 'runs');
    createRunDir(runs, { ...runRecord(), id: '20260101-000000-aaaaaa' });
    createRunDir(runs, { ...runRecord(), id: '20260102-000000-bbbbbb' });
    expect(listRunRecords(runs).map((r) => r.id)).toEqual(['20260102-000000-bbbbbb', '20260101-000000-aaaaaa']);
    expect(findRun(runs, 'bbbbbb').record.id).toBe('20260102-000000-bbbbbb');
    expect(() => findRun(runs, '2026')).toThrow(/matches 2 runs/);
    expect(() => findRun(runs, 'zzz')).toThrow(/No run 'zzz'/);
  });

  it('ids of runs started within one second sort in creation order; no run reuses a folder', () => {
    const ids = [0, 1, 999].map((ms) => newRunId(new Date(Date.UTC(2026, 1, 3, 4, 5, 6, ms))));
    expect(ids.map((id) => id.slice(0, 19))).toEqual([
      '20260203-040506-000',
      '20260203-040506-001',
      '20260203-040506-3e7',
    ]);
    expect([...ids].sort()).toEqual(ids);
    const runs = path.join(root, 'runs');
    const made = Array.from({ length: 50 }, () => createRunDir(runs, runRecord()).id); // many share a millisecond
    expect(new Set(made).size).toBe(50);
    const ordered = Array.from({ length: 5 }, () => {
      const ms = Date.now();
      while (Date.now() === ms); // the next millisecond: as two runs of one second
      return createRunDir(path.join(root, 'ordered'), runRecord()).id;
    });
    expect(listRunRecords(path.join(root, 'ordered')).map((r) => r.id)).toEqual([...ordered].reverse());
    expect(() => createRunDir(runs, { ...runRecord(), id: made[0] })).toThrow(
      expect.objectContaining({ code: 'MLX_RUN_EXISTS' }),
    );
  });

  it('compare lists differing params and metric deltas', () => {
    const runs = path.join(root, 'runs');
    const a = createRunDir(runs, { ...runRecord(), id: 'a' });
    const b = createRunDir(runs, { ...runRecord(), id: 'b', params: { 'train.lr': 0.01, 'model.hidden': [32] } });
    updateRun(a.dir, { metrics: { val_accuracy: 0.9 }, status: 'completed' });
    updateRun(b.dir, { metrics: { val_accuracy: 0.95 }, status: 'completed' });
    const c = compareRuns({ root, config }, 'a', 'b');
    expect(c.params).toEqual([{ key: 'train.lr', a: 0.1, b: 0.01 }]);
    expect(c.metrics[0]?.key).toBe('val_accuracy');
    expect(c.metrics[0]?.delta).toBeCloseTo(0.05, 12);
    expect(renderComparison(c)).toContain('+0.05'.slice(1));
    expect(renderRunList(listRunRecords(runs))).toContain('completed');
  });
});

describe('lineage helpers', () => {
  it('stable JSON ignores key order; the config hash ignores serving settings', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    const base = defaultConfig();
    expect(configHash({ ...base, serve: { ...base.serve, port: 1 } })).toBe(configHash(base));
    expect(configHash({ ...base, train: { ...base.train, lr: 0.5 } })).not.toBe(configHash(base));
    expect(flatten({ a: { b: 1, c: [1] } })).toEqual({ 'a.b': 1, 'a.c': [1] });
  });
});
