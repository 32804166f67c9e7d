import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { InputError } from '../errors.js';
import type { Logger } from '../logging.js';
import { MANIFEST_FILE } from '../model/manifest.js';
import { readRegistry, resolveVersion, versionDir } from './registry.js';
import { findRun, listRunRecords, RUN_FILES } from './run-dir.js';

export interface RefContext {
  root: string;
  config: Pick<MlxConfig, 'paths' | 'model'>;
}

/**
 * Resolves a model REF to a bundle directory: a bundle (or run) directory path, `latest` (newest
 * version of `model.name`, else the newest completed run), `NAME@ALIAS`, `NAME@VERSION`, or a run id.
 */
export async function resolveModelRef(ref: string, { root, config }: RefContext): Promise<string> {
  const modelsDir = projectPath(root, config.paths.models);
  const runsDir = projectPath(root, config.paths.runs);
  const asPath = projectPath(root, ref);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    if (existsSync(path.join(asPath, MANIFEST_FILE))) return asPath;
    const inRun = path.join(asPath, RUN_FILES.bundle);
    if (existsSync(path.join(inRun, MANIFEST_FILE))) return inRun;
    throw new InputError('MLX_BUNDLE_CORRUPT', `${asPath} is not a model bundle (no ${MANIFEST_FILE}).`, {
      hint: 'Pass a bundle directory written by `mlx train`, a run id, NAME@ALIAS, NAME@VERSION or `latest`.',
    });
  }
  if (ref === 'latest') {
    const registry = readRegistry(modelsDir, config.model.name);
    if (registry.versions.length > 0)
      return versionDir(modelsDir, config.model.name, resolveVersion(registry, 'latest'));
    const run = listRunRecords(runsDir).find((r) => r.status === 'completed');
    if (run) return path.join(runsDir, run.id, RUN_FILES.bundle);
    throw new InputError(
      'MLX_MODEL_NOT_FOUND',
      `No trained model yet (no '${config.model.name}' in ${modelsDir}, no runs).`,
      {
        hint: 'Train one first: `mlx train` (or `mlx pipeline`).',
      },
    );
  }
  const named = /^([a-z0-9][a-z0-9_-]*)@(.+)$/.exec(ref);
  if (named?.[1] && named[2]) {
    const registry = readRegistry(modelsDir, named[1]);
    return versionDir(modelsDir, named[1], resolveVersion(registry, named[2]));
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
export function defaultModelRef({ root, config }: RefContext): { ref: string; reason: string } {
  const name = config.model.name;
  const registry = readRegistry(projectPath(root, config.paths.models), name);
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
  const fallback = chosen === null ? defaultModelRef(ctx) : null;
  const used = chosen ?? fallback?.ref ?? 'latest';
  const dir = await resolveModelRef(used, ctx);
  const where = path.relative(ctx.root, dir) || dir;
  if (fallback) ctx.logger?.info(`model: ${used} (default: ${fallback.reason}) → ${where}`);
  else if (path.isAbsolute(used)) ctx.logger?.debug(`model: ${where}`);
  else ctx.logger?.info(`model: ${used} → ${where}`);
  return { dir, ref: used, defaulted: fallback !== null };
}
