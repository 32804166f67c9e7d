import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleInfo, InputSchema, Row, Task } from '../contracts.js';
import type { FittedPipeline } from '../data/index.js';
import { InputError } from '../errors.js';
import { familyByName } from './families/index.js';
import type { ModelFamily } from './family.js';
import { readManifest, sha256, verifyManifest, writeManifest } from './manifest.js';

/** `lineage.json`: where a model came from, and which family loads it. */
export interface Lineage {
  runId: string;
  name: string;
  version: number | null;
  createdAt: string;
  task: Task;
  /** The model family that loads the bundle (absent in bundles older than families: tfjs-mlp). */
  family: string;
  /** The format of the family's model files. */
  format: string;
  dataFingerprint: string;
  configHash: string;
  git: { commit: string; dirty: boolean } | null;
  versions: Record<string, string>;
  backend: string;
  seed: number;
  /** The seed of initialisation and shuffling (`train.seed`, or derived from `seed`); absent in older bundles. */
  trainSeed?: number;
  weightsSha256: string;
}

export interface BundleContents {
  family: ModelFamily;
  /** The family's own files (`family.files`), as written by its trainer. */
  modelFiles: Readonly<Record<string, string | Uint8Array>>;
  /** The fitted preprocessing pipeline (owned by the data module), stored as JSON. */
  pipeline: FittedPipeline;
  schema: InputSchema;
  reference: readonly Row[];
  metrics: Record<string, unknown>;
  configYaml: string;
  lineage: Omit<Lineage, 'weightsSha256' | 'family' | 'format'>;
}

export interface LoadedBundle {
  dir: string;
  family: ModelFamily;
  pipeline: FittedPipeline;
  schema: InputSchema;
  metrics: Record<string, unknown>;
  lineage: Lineage;
  configYaml: string;
  info: BundleInfo;
}

/** The files of every bundle, whatever its family. */
export const COMMON_FILES = [
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
  const { family, modelFiles } = contents;
  const missing = family.files.filter((f) => modelFiles[f] === undefined);
  const extra = Object.keys(modelFiles).filter((f) => !family.files.includes(f));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(`family ${family.name} wrote [${Object.keys(modelFiles).join(', ')}], not its files`);
  mkdirSync(dir, { recursive: true });
  const weights = modelFiles[family.weightsFile] as string | Uint8Array;
  const lineage: Lineage = {
    ...contents.lineage,
    family: family.name,
    format: family.format,
    weightsSha256: sha256(weights),
  };
  const files: Record<string, string | Uint8Array> = {
    ...modelFiles,
    'pipeline.json': json(contents.pipeline),
    'schema.json': json(contents.schema),
    'reference.ndjson':
      contents.reference.map((row) => JSON.stringify(row)).join('\n') + (contents.reference.length ? '\n' : ''),
    'metrics.json': json(contents.metrics),
    'config.yaml': contents.configYaml,
    'lineage.json': json(lineage),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  writeManifest(dir, [...family.files, ...COMMON_FILES]);
  return lineage;
}

/**
 * Loads a bundle's metadata after checking MANIFEST.sha256 (a bundle that does not match is refused,
 * exit 2) and finds its family. The model itself is loaded by `createPredictor`.
 */
export function loadBundle(dir: string): LoadedBundle {
  verifyManifest(dir, COMMON_FILES);
  const read = (name: string) => readFileSync(path.join(dir, name));
  const parse = <T>(name: string): T => {
    try {
      return JSON.parse(read(name).toString('utf8')) as T;
    } catch (error) {
      throw new InputError('MLX_BUNDLE_CORRUPT', `${path.join(dir, name)} is not valid JSON.`, { cause: error });
    }
  };
  const stored = parse<Partial<Lineage> & Omit<Lineage, 'family' | 'format'>>('lineage.json');
  const family = familyByName(stored.family);
  // Every listed file was verified above; the family's own files must be among them.
  const listed = readManifest(dir);
  const unlisted = family.files.filter((f) => !listed.has(f));
  if (unlisted.length > 0)
    throw new InputError(
      'MLX_BUNDLE_CORRUPT',
      `The model bundle ${dir} lacks ${unlisted.join(', ')} in its manifest.`,
      {
        hint: 'The bundle was modified or damaged after training: re-train, or restore it from the registry or a backup.',
      },
    );
  const lineage: Lineage = { ...stored, family: family.name, format: stored.format ?? family.format };
  const metrics = parse<Record<string, unknown>>('metrics.json');
  const schema = parse<InputSchema>('schema.json');
  return {
    dir,
    family,
    pipeline: parse<FittedPipeline>('pipeline.json'),
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
