// A small real project on disk for the UI's tests: run folders as training writes them, a registry with
// bundles written by writeBundle (so promote's manifest check runs for real), drift reports.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { defaultConfig, type MlxConfig } from '../../../src/lib/config/index.js';
import type { FittedPipeline } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { familyByName, writeBundle } from '../../../src/lib/model/index.js';
import { createServedModel } from '../../../src/lib/serving/index.js';
import { registerVersion } from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';
import type { RunRecord } from '../../../src/lib/tracking/run-dir.js';
import { createUiApp, type UiDeps } from '../../../src/lib/ui/index.js';
import { openRunCatalog } from '../../../src/lib/workflows/ui.js';
import { createTestPredictor, testSchema } from '../serving/helpers.js';

const roots: string[] = [];
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project root with the default config (removed after each test). */
export function tempProject(): { root: string; config: MlxConfig } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mlx-ui-'));
  roots.push(root);
  return { root, config: { ...defaultConfig(), model: { ...defaultConfig().model, name: 'penguins' } } };
}

/** A run record as training writes it. */
export function record(id: string, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    status: 'completed',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:00:05.000Z',
    params: { seed: 42, 'train.lr': 0.01, 'model.hidden': [64, 32], 'train.epochs': 10 },
    metrics: { val_accuracy: 0.9, test_accuracy: 0.88, val_log_loss: 0.3, baseline_test_accuracy: 0.4 },
    dataFingerprint: 'f'.repeat(64),
    configHash: 'c'.repeat(64),
    model: null,
    weightsSha256: null,
    backend: 'cpu',
    error: null,
    ...patch,
  };
}

/** Writes `runs/<id>/` with run.json (or raw text), history.json and config.yaml. */
export function writeRun(
  root: string,
  rec: RunRecord | { id: string; raw: string },
  history: Record<string, number>[] | null = [
    { epoch: 1, loss: 1, val_loss: 1.1, val_accuracy: 0.5 },
    { epoch: 2, loss: 0.5, val_loss: 0.6, val_accuracy: 0.8 },
  ],
): string {
  const dir = path.join(root, 'runs', rec.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), 'raw' in rec ? rec.raw : JSON.stringify(rec));
  if (history) writeFileSync(path.join(dir, 'history.json'), JSON.stringify(history));
  writeFileSync(path.join(dir, 'config.yaml'), 'seed: 42\n');
  return dir;
}

const pipeline = { features: [], target: { name: 'species', task: 'classification', classes: ['A'] } };

/** Writes a model bundle (tfjs-mlp layout, placeholder model files) into `dir`. */
export function writeTestBundle(dir: string, runId: string, version: number | null): void {
  writeBundle(dir, {
    family: familyByName('tfjs-mlp'),
    modelFiles: { 'model.json': '{}', 'weights.bin': new Uint8Array([version ?? 0, 1, 2, 3]) },
    pipeline: pipeline as unknown as FittedPipeline,
    schema: testSchema,
    reference: [],
    metrics: { task: 'classification' },
    configYaml: 'seed: 42\n',
    lineage: {
      runId,
      name: 'penguins',
      version,
      createdAt: '2026-01-01T10:00:05.000Z',
      task: 'classification',
      dataFingerprint: 'f'.repeat(64),
      configHash: 'c'.repeat(64),
      git: { commit: 'abc123', dirty: false },
      versions: { mlx: '0.1.0', node: 'v24', tfjs: '4.22.0' },
      backend: 'cpu',
      seed: 42,
    },
  });
}

/** A completed run with a bundle, registered as version `version` of `penguins`. */
export async function registeredRun(root: string, id: string, version: number): Promise<void> {
  const dir = writeRun(root, record(id, { model: { name: 'penguins', version }, weightsSha256: 'w' }));
  writeTestBundle(path.join(dir, 'model'), id, version);
  await registerVersion(new FolderRegistryStore(path.join(root, 'models')), 'penguins', path.join(dir, 'model'), {
    version,
    runId: id,
    createdAt: '2026-01-01T10:00:05.000Z',
    metrics: { test_accuracy: 0.8 + version / 100 },
    dataFingerprint: 'f',
    configHash: 'c',
  });
}

/** The UI app over a project; the predict form uses the serving tests' real (tiny) tfjs predictor. */
export function uiApp(project: { root: string; config: MlxConfig }, patch: Partial<UiDeps> = {}) {
  let loads = 0;
  const deps: UiDeps = {
    project,
    runs: openRunCatalog(project),
    logger: silentLogger(),
    token: null,
    secret: 'test-secret',
    allowedHostnames: null,
    defaultModel: () => 'latest',
    serveUrl: null,
    serveToken: null,
    loadModel: async () => {
      loads++;
      const predictor = await createTestPredictor();
      return {
        dir: '/bundle',
        served: createServedModel(predictor, project.config.serve),
        schema: predictor.schema,
        dispose: () => predictor.dispose(),
      };
    },
    resolveModel: async (ref) => `/bundle/${ref}`,
    ...patch,
  };
  return { app: createUiApp(deps), deps, loads: () => loads };
}

/** Cookie header value from a response's Set-Cookie headers (name=value pairs). */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The CSRF token embedded in a page's form. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF field in the page');
  return m[1];
}
