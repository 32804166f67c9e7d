import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { isBucketUrl } from '../data/remote/bucket-url.js';
import { InputError } from '../errors.js';
import type { Logger } from '../logging.js';
import { MANIFEST_FILE } from '../model/manifest.js';
import { readRegistry, resolveVersion } from './registry.js';
import { openRegistryAt, openRegistryStore, type RegistryStore } from './registry-store.js';
import { findRun, listRunRecords, RUN_FILES } from './run-dir.js';

export interface RefContext {
  root: string;
  config: Pick<MlxConfig, 'paths' | 'model'>;
  /** The environment bucket credentials and endpoints are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Told when a bucket registry ignores conditional writes. */
  onWarning?: (message: string) => void;
}

/** A REF that names a model in a registry: `NAME@SELECTOR`, or `s3://B/P/NAME@SELECTOR` (a bucket registry). */
export interface RegistryRef {
  store: RegistryStore;
  name: string;
  /** An alias, a version number or `latest`. */
  selector: string;
}

const NAMED = /^([a-z0-9][a-z0-9_-]*)@(.+)$/;

/** The registry, model and selector a REF names (`NAME@SEL`, a bucket URL ending in NAME[@SEL]); null for other REFs. */
export async function registryRef(ref: string, ctx: RefContext): Promise<RegistryRef | null> {
  if (isBucketUrl(ref)) {
    const slash = ref.replace(/\/+$/, '').lastIndexOf('/');
    const last = ref.replace(/\/+$/, '').slice(slash + 1);
    const named = NAMED.exec(last);
    const name = named?.[1] ?? last;
    if (slash < 'gs://'.length || !/^[a-z0-9][a-z0-9_-]*$/.test(name))
      throw new InputError('MLX_MODEL_NOT_FOUND', `'${ref}' does not name a model in a bucket registry.`, {
        hint: 'Write s3://BUCKET/PREFIX/NAME@ALIAS (or @VERSION, @latest): PREFIX is the registry (paths.models).',
      });
    return { store: await openRegistryAt(ref.slice(0, slash), ctx), name, selector: named?.[2] ?? 'latest' };
  }
  const named = NAMED.exec(ref);
  if (!named?.[1] || !named[2]) return null;
  return { store: await openRegistryStore(ctx), name: named[1], selector: named[2] };
}

/**
 * Resolves a model REF to a bundle directory: a bundle (or run) directory path, `latest` (newest
 * version of `model.name`, else the newest completed run), `NAME@ALIAS`, `NAME@VERSION`, or a run id.
 */
export async function resolveModelRef(ref: string, ctx: RefContext): Promise<string> {
  const { root, config } = ctx;
  const runsDir = projectPath(root, config.paths.runs);
  const asPath = isBucketUrl(ref) ? '' : projectPath(root, ref);
  if (asPath !== '' && existsSync(asPath) && statSync(asPath).isDirectory()) {
    if (existsSync(path.join(asPath, MANIFEST_FILE))) return asPath;
    const inRun = path.join(asPath, RUN_FILES.bundle);
    if (existsSync(path.join(inRun, MANIFEST_FILE))) return inRun;
    throw new InputError('MLX_BUNDLE_CORRUPT', `${asPath} is not a model bundle (no ${MANIFEST_FILE}).`, {
      hint: 'Pass a bundle directory written by `mlx train`, a run id, NAME@ALIAS, NAME@VERSION or `latest`.',
    });
  }
  if (ref === 'latest') {
    const store = await openRegistryStore(ctx);
    const registry = await readRegistry(store, config.model.name);
    if (registry.versions.length > 0) return store.bundleDir(config.model.name, resolveVersion(registry, 'latest'));
    const run = listRunRecords(runsDir).find((r) => r.status === 'completed');
    if (run) return path.join(runsDir, run.id, RUN_FILES.bundle);
    throw new InputError(
      'MLX_MODEL_NOT_FOUND',
      `No trained model yet (no '${config.model.name}' in ${config.paths.models}, no runs).`,
      {
        hint: 'Train one first: `mlx train` (or `mlx pipeline`).',
      },
    );
  }
  const named = await registryRef(ref, ctx);
  if (named) {
    const registry = await readRegistry(named.store, named.name);
    return named.store.bundleDir(named.name, resolveVersion(registry, named.selector));
  }
  try {
    return path.join(findRun(runsDir, ref).dir, RUN_FILES.bundle);
  } catch (error) {
    if (error instanceof InputError && error.code === 'MLX_RUN_AMBIGUOUS') throw error;
    throw new InputError(
      'MLX_MODEL_NOT_FOUND',
      `'${ref}' is not a bundle path, run id, NAME@ALIAS, NAME@VERSION or 'latest'.`,
      {
        hint: 'See `mlx models list` and `mlx runs list`.',
      },
    );
  }
}

/** The alias a command uses when no model REF is given, if the model has it. */
export const DEFAULT_ALIAS = 'production';

/**
 * The REF a command uses when none is given: `<model.name>@production` when that alias exists, else
 * `latest`, with the reason (for the log line that says which).
 */
export async function defaultModelRef(ctx: RefContext): Promise<{ ref: string; reason: string }> {
  const name = ctx.config.model.name;
  const registry = await readRegistry(await openRegistryStore(ctx), name);
  const version = registry.aliases[DEFAULT_ALIAS];
  if (version !== undefined && registry.versions.some((v) => v.version === version))
    return { ref: `${name}@${DEFAULT_ALIAS}`, reason: `the ${DEFAULT_ALIAS} alias, v${version}` };
  return { ref: 'latest', reason: `no ${name}@${DEFAULT_ALIAS} alias yet` };
}

/**
 * The one model choice of `serve`, `evaluate`, `predict` and `drift`: the REF given (flag, or a config
 * value such as `serve.model`), else {@link defaultModelRef}; resolved to a bundle directory, and the
 * choice logged ("model: penguins@production (alias production → v3)").
 */
export async function resolveModelChoice(
  ref: string | null | undefined,
  ctx: RefContext & { logger?: Logger | undefined },
): Promise<{ dir: string; ref: string; defaulted: boolean }> {
  const chosen = ref ?? null;
  const fallback = chosen === null ? await defaultModelRef(ctx) : null;
  const used = chosen ?? fallback?.ref ?? 'latest';
  const dir = await resolveModelRef(used, ctx);
  const where = path.relative(ctx.root, dir) || dir;
  if (fallback) ctx.logger?.info(`model: ${used} (default: ${fallback.reason}) → ${where}`);
  else if (path.isAbsolute(used)) ctx.logger?.debug(`model: ${where}`);
  else ctx.logger?.info(`model: ${used} → ${where}`);
  return { dir, ref: used, defaulted: fallback !== null };
}
