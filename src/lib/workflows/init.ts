import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type MlxConfig } from '../config/index.js';
import type { Task } from '../contracts.js';
import { columnHint, type InferredFeature, type InferSchemaResult, inferSchema } from '../data/index.js';
import { UsageError } from '../errors.js';
import { withFileErrors } from '../fs-errors.js';
import { KEPT_WHEN_PRESENT, type ProjectSpec, projectFiles } from '../init/index.js';
import type { Logger } from '../logging.js';

export interface InitOptions {
  /** The project folder (absolute); created when missing. */
  dir: string;
  /** The data file (absolute). */
  data: string;
  /** The column to predict; default: the file's last column. */
  target?: string | undefined;
  task?: 'auto' | Task | undefined;
  /** `model.name` (default: from the folder's name). */
  name?: string | undefined;
  /** Overwrite files that exist (package.json is kept regardless). */
  force?: boolean | undefined;
  /** Copy a data file that lies outside the project into data/raw/ (default); false: refer to it by path. */
  copyData?: boolean | undefined;
  logger?: Logger | undefined;
}

export interface InitFile {
  /** Relative to the project folder. */
  path: string;
  action: 'written' | 'overwritten' | 'kept' | 'copied';
}

export interface InitResult {
  dir: string;
  files: InitFile[];
  model: string;
  source: string;
  target: string;
  /** How the target was chosen: the flag, or the last column. */
  targetFrom: 'flag' | 'last column';
  task: Task;
  rows: number;
  features: number;
  /** Columns with missing values (optional in the contract). */
  optional: string[];
  gate: { metric: string; value: number };
  /** The commands to run next in the project folder, in order. */
  next: string[];
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * `mlx init`: a project on the user's own data. Reads the file once (twice without a target), infers
 * the input contract (types, optional columns, soft ranges and categories), and writes mlx.config.yaml,
 * the model groups, .gitignore, package.json (when there is none), a GitHub workflow, a Dockerfile and
 * a README. Nothing is written when a file exists, unless `force`.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const dir = options.dir;
  const base = defaultConfig();
  const task = options.task ?? 'auto';
  let targetFrom: InitResult['targetFrom'] = 'flag';
  let target = options.target;
  if (target === undefined) {
    const columns = (await inferSchema(options.data, withData(base, { target: null, task }))).columns;
    target = columns.at(-1);
    targetFrom = 'last column';
    if (target === undefined) throw new UsageError(`${options.data} has no columns.`, { code: 'MLX_USAGE' });
  }
  const inferred = await inferSchema(options.data, withData(base, { target, task }));
  if (!inferred.target) {
    throw new UsageError(
      `--target '${target}' is not a column of ${options.data}.${columnHint(target, inferred.columns)}`,
      {
        hint: 'Pass the name of the column to predict, as the header spells it: --target COLUMN.',
      },
    );
  }
  const name = modelName(options.name, dir);
  const { source, copyFrom } = dataSource(dir, options.data, options.copyData !== false);
  const spec: ProjectSpec = {
    name,
    source,
    rows: inferred.rows,
    target,
    task: inferred.target.task,
    classes: inferred.target.classes,
    features: Object.fromEntries(Object.entries(inferred.features).map(([k, v]) => [k, featureSpec(v)])),
    gate: gateOf(inferred),
    example: inferred.example ?? {},
    mlx: ownPackage(),
  };
  const files = projectFiles(spec);
  const planned: InitFile[] = Object.keys(files).map((file) => {
    const exists = existsSync(path.join(dir, file));
    const action = !exists ? 'written' : KEPT_WHEN_PRESENT.has(file) ? 'kept' : 'overwritten';
    return { path: file, action };
  });
  if (copyFrom) planned.push({ path: source, action: 'copied' });
  const clashes = planned.filter(
    (f) => f.action === 'overwritten' || (f.action === 'copied' && existsSync(path.join(dir, f.path))),
  );
  if (clashes.length > 0 && !options.force) {
    throw new UsageError(
      `mlx init would overwrite ${clashes.map((f) => f.path).join(', ')} in ${dir}; nothing was written.`,
      { hint: 'Pass --force to overwrite them (an existing package.json is always kept), or init another folder.' },
    );
  }
  for (const file of planned) {
    const target = path.join(dir, file.path);
    if (file.action === 'kept') continue;
    withFileErrors(target, () => {
      mkdirSync(path.dirname(target), { recursive: true });
      if (file.action === 'copied' && copyFrom) cpSync(copyFrom, target);
      else writeFileSync(target, files[file.path] ?? '');
    });
    options.logger?.debug(`${file.action} ${file.path}`);
  }
  const optional = Object.entries(inferred.features)
    .filter(([, f]) => !f.required)
    .map(([k]) => k);
  return {
    dir,
    files: planned,
    model: name,
    source,
    target,
    targetFrom,
    task: spec.task,
    rows: inferred.rows,
    features: Object.keys(spec.features).length,
    optional,
    gate: spec.gate,
    next: nextSteps(planned, spec.mlx),
  };
}

function withData(config: MlxConfig, data: Partial<MlxConfig['data']>): MlxConfig {
  return { ...config, data: { ...config.data, ...data } };
}

/** The feature spec as written to mlx.config.yaml (soft limits; key order as people read it). */
function featureSpec(f: InferredFeature): Record<string, unknown> {
  return {
    type: f.type,
    required: f.required,
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(f.allowed !== undefined ? { allowed: f.allowed } : {}),
    max_missing: f.max_missing,
    limits: 'soft',
  };
}

/** The first gate: beat the baseline (the majority class's share of rows, or R² 0 = the mean). */
function gateOf(inferred: InferSchemaResult): ProjectSpec['gate'] {
  const share = inferred.target?.majorityShare;
  if (inferred.target?.task === 'classification' && share !== null && share !== undefined)
    return { metric: 'accuracy', value: Math.ceil(share * 100) / 100 };
  return { metric: 'r2', value: 0 };
}

function modelName(given: string | undefined, dir: string): string {
  if (given !== undefined) {
    if (!NAME.test(given))
      throw new UsageError(`--name '${given}' is not a valid model name.`, {
        hint: 'Use lowercase letters, digits, - and _, starting with a letter or digit (e.g. churn-model).',
      });
    return given;
  }
  const slug = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return NAME.test(slug) ? slug : 'model';
}

/** `data.source` for the project: the file's path inside it, or data/raw/<file> when it must be copied in. */
function dataSource(dir: string, data: string, copy: boolean): { source: string; copyFrom: string | null } {
  const inside = path.relative(dir, data);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) return { source: posix(inside), copyFrom: null };
  if (!copy) return { source: posix(inside), copyFrom: null };
  const source = `data/raw/${path.basename(data)}`;
  const dest = path.join(dir, source);
  // Already there with the same bytes (init run again with --force): nothing to copy.
  if (existsSync(dest) && statSync(dest).size === statSync(data).size && sameBytes(dest, data))
    return { source, copyFrom: null };
  return { source, copyFrom: data };
}

function sameBytes(a: string, b: string): boolean {
  return readFileSync(a).equals(readFileSync(b));
}

const posix = (p: string) => p.split(path.sep).join('/');

/** The npm package that provides mlx (name and version), for the project's package.json. */
function ownPackage(): ProjectSpec['mlx'] {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return { packageName: pkg.name, version: pkg.version };
}

function nextSteps(files: readonly InitFile[], mlx: ProjectSpec['mlx']): string[] {
  const kept = files.some((f) => f.path === 'package.json' && f.action === 'kept');
  // An existing package.json was not touched: mlx still has to be added to it.
  return [kept ? `npm install --save-dev ${mlx.packageName}` : 'npm install', 'npx mlx pipeline', 'npx mlx serve'];
}
