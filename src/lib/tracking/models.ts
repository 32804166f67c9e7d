import { type MlxConfig, projectPath } from '../config/index.js';
import { InputError } from '../errors.js';
import { loadBundle } from '../model/index.js';
import { resolveModelRef } from './refs.js';
import { listRegistries, type ModelRegistry, removeAlias, setAlias } from './registry.js';

interface Ctx {
  root: string;
  config: Pick<MlxConfig, 'paths' | 'model'>;
}

/** Every registered model with its versions and aliases. */
export function listModels(ctx: Ctx): ModelRegistry[] {
  return listRegistries(projectPath(ctx.root, ctx.config.paths.models));
}

export interface PromoteResult {
  name: string;
  version: number;
  alias: string;
  previous: number | null;
}

/** Points `alias` of the model at the version REF resolves to (`mlx models promote REF --alias production`). */
export async function promoteModel(ctx: Ctx, ref: string, alias: string): Promise<PromoteResult> {
  const bundle = loadBundle(await resolveModelRef(ref, ctx));
  const { name, version } = bundle.info;
  if (version === null)
    throw new InputError(
      'MLX_MODEL_NOT_REGISTERED',
      `${ref} is not a registered model version (run ${bundle.info.runId}).`,
      {
        hint: 'Only registered versions can be promoted: see `mlx models list`.',
      },
    );
  const previous = setAlias(projectPath(ctx.root, ctx.config.paths.models), name, alias, version);
  return { name, version, alias, previous };
}

export interface UnaliasResult {
  name: string;
  alias: string;
  /** The version the alias pointed to. */
  previous: number;
}

/** Removes `alias` from model `name` (`mlx models unalias NAME --alias staging`); the versions stay. */
export function unaliasModel(ctx: Ctx, name: string, alias: string): UnaliasResult {
  const previous = removeAlias(projectPath(ctx.root, ctx.config.paths.models), name, alias);
  return { name, alias, previous };
}
