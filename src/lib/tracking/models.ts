import type { MlxConfig } from '../config/index.js';
import { InputError } from '../errors.js';
import { loadBundle } from '../model/index.js';
import { registryRef, resolveModelRef } from './refs.js';
import { listRegistries, type ModelRegistry, readRegistry, removeAlias, resolveVersion, setAlias } from './registry.js';
import { openRegistryStore } from './registry-store.js';

interface Ctx {
  root: string;
  config: Pick<MlxConfig, 'paths' | 'model'>;
  env?: NodeJS.ProcessEnv;
}

/** Every registered model with its versions and aliases. */
export async function listModels(ctx: Ctx): Promise<ModelRegistry[]> {
  return listRegistries(await openRegistryStore(ctx));
}

export interface PromoteResult {
  name: string;
  version: number;
  alias: string;
  previous: number | null;
}

/** Points `alias` of the model at the version REF resolves to (`mlx models promote REF --alias production`). */
export async function promoteModel(ctx: Ctx, ref: string, alias: string): Promise<PromoteResult> {
  // NAME@SEL (or a bucket URL of one) moves the alias in that registry without loading the bundle.
  const named = await registryRef(ref, ctx);
  if (named) {
    const version = resolveVersion(await readRegistry(named.store, named.name), named.selector);
    const previous = await setAlias(named.store, named.name, alias, version);
    return { name: named.name, version, alias, previous };
  }
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
  const previous = await setAlias(await openRegistryStore(ctx), name, alias, version);
  return { name, version, alias, previous };
}

export interface UnaliasResult {
  name: string;
  alias: string;
  /** The version the alias pointed to. */
  previous: number;
}

/** Removes `alias` from model `name` (`mlx models unalias NAME --alias staging`); the versions stay. */
export async function unaliasModel(ctx: Ctx, name: string, alias: string): Promise<UnaliasResult> {
  const previous = await removeAlias(await openRegistryStore(ctx), name, alias);
  return { name, alias, previous };
}
