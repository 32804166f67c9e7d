import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleInfo, InputSchema, Row, Task } from '../contracts.js';
import { InputError } from '../errors.js';
import { sha256, verifyManifest, writeManifest } from './manifest.js';
import type { SavedModel } from './tfjs-io.js';

/** `lineage.json`: where a model came from. */
export interface Lineage {
  runId: string;
  name: string;
  version: number | null;
  createdAt: string;
  task: Task;
  dataFingerprint: string;
  configHash: string;
  git: { commit: string; dirty: boolean } | null;
  versions: Record<string, string>;
  backend: string;
  seed: number;
  weightsSha256: string;
}

export interface BundleContents {
  model: SavedModel;
  /** The fitted preprocessing pipeline (owned by the data module), stored as JSON. */
  pipeline: unknown;
  schema: InputSchema;
  reference: readonly Row[];
  metrics: Record<string, unknown>;
  configYaml: string;
  lineage: Omit<Lineage, 'weightsSha256'>;
}

export interface LoadedBundle {
  dir: string;
  model: SavedModel;
  pipeline: unknown;
  schema: InputSchema;
  metrics: Record<string, unknown>;
  lineage: Lineage;
  configYaml: string;
  info: BundleInfo;
}

export const BUNDLE_FILES = [
  'model.json',
  'weights.bin',
  'pipeline.json',
  'schema.json',
  'reference.ndjson',
  'metrics.json',
  'config.yaml',
  'lineage.json',
] as const;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes a model bundle (layout of ARCHITECTURE.md) and its MANIFEST.sha256; returns its lineage. */
export function writeBundle(dir: string, contents: BundleContents): Lineage {
  mkdirSync(dir, { recursive: true });
  const lineage: Lineage = { ...contents.lineage, weightsSha256: sha256(contents.model.weights) };
  const files: Record<(typeof BUNDLE_FILES)[number], string | Uint8Array> = {
    'model.json': JSON.stringify(contents.model.modelJson),
    'weights.bin': contents.model.weights,
    'pipeline.json': json(contents.pipeline),
    'schema.json': json(contents.schema),
    'reference.ndjson':
      contents.reference.map((row) => JSON.stringify(row)).join('\n') + (contents.reference.length ? '\n' : ''),
    'metrics.json': json(contents.metrics),
    'config.yaml': contents.configYaml,
    'lineage.json': json(lineage),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  writeManifest(dir, BUNDLE_FILES);
  return lineage;
}

/** Loads a bundle after checking MANIFEST.sha256; a bundle that does not match is refused (exit 2). */
export function loadBundle(dir: string): LoadedBundle {
  verifyManifest(dir, BUNDLE_FILES);
  const read = (name: string) => readFileSync(path.join(dir, name));
  const parse = <T>(name: string): T => {
    try {
      return JSON.parse(read(name).toString('utf8')) as T;
    } catch (error) {
      throw new InputError('MLX_BUNDLE_CORRUPT', `${path.join(dir, name)} is not valid JSON.`, { cause: error });
    }
  };
  const lineage = parse<Lineage>('lineage.json');
  const metrics = parse<Record<string, unknown>>('metrics.json');
  const schema = parse<InputSchema>('schema.json');
  return {
    dir,
    model: { modelJson: parse('model.json'), weights: new Uint8Array(read('weights.bin')) },
    pipeline: parse('pipeline.json'),
    schema,
    metrics,
    lineage,
    configYaml: read('config.yaml').toString('utf8'),
    info: {
      name: lineage.name,
      version: lineage.version,
      runId: lineage.runId,
      createdAt: lineage.createdAt,
      task: lineage.task,
      dir,
      metrics,
      lineage: lineage as unknown as Record<string, unknown>,
    },
  };
}

/** Reads the reference sample (`reference.ndjson`) of a verified bundle. */
export function readReference(dir: string): Row[] {
  return readFileSync(path.join(dir, 'reference.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}
