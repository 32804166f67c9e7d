import { InputError, UsageError } from '../errors.js';
import { folderVersionDir, type RegistryStore } from './registry-store.js';

export interface ModelVersion {
  version: number;
  runId: string;
  createdAt: string;
  metrics: Record<string, number>;
  dataFingerprint: string;
  configHash: string;
}

/** One move of an alias: `from` null = newly set, `to` null = removed (`mlx models unalias`). */
export interface AliasChange {
  alias: string;
  from: number | null;
  to: number | null;
  at: string;
}

/** `models/<name>/registry.json`: the versions of one model and its aliases. */
export interface ModelRegistry {
  name: string;
  versions: ModelVersion[];
  aliases: Record<string, number>;
  /** Every promote/unalias, oldest first (absent in registries written before it existed = none). */
  aliasHistory?: AliasChange[];
}

/** A model name: one folder (or key prefix) of the registry (the `model.name` rule of the config). */
const MODEL_NAME = /^[a-z0-9][a-z0-9_-]{0,199}$/;
/** An alias: lowercase, and never a name JavaScript objects already answer to. */
const ALIAS = /^[a-z][a-z0-9_-]{0,62}$/;
const RESERVED_ALIASES = new Set(['latest', 'constructor', 'prototype']);

/** Throws a usage error unless `name` is a model name that stays inside the registry's folder. */
export function assertModelName(name: string): void {
  if (MODEL_NAME.test(name)) return;
  throw new UsageError(`'${name.slice(0, 200)}' is not a model name.`, {
    hint: 'Model names are lowercase letters, digits, - and _ (starting with a letter or digit), e.g. penguins.',
  });
}

/** Throws MLX_USAGE_ALIAS unless `alias` is a valid alias name (`production`, `staging`, ...). */
export function assertAlias(alias: string): void {
  if (ALIAS.test(alias) && !RESERVED_ALIASES.has(alias)) return;
  throw new InputError('MLX_USAGE_ALIAS', `'${alias.slice(0, 200)}' is not a valid alias.`, {
    hint: "Use lowercase letters, digits, - and _ (at most 63, not 'latest', 'constructor' or 'prototype'), e.g. production or staging.",
  });
}

/** Directory of one version's bundle in a folder registry: `models/<name>/v<N>/`. */
export function versionDir(modelsDir: string, name: string, version: number): string {
  assertModelName(name);
  return folderVersionDir(modelsDir, name, version);
}

/** The registry of one model (empty when it has none yet). */
export async function readRegistry(store: RegistryStore, name: string): Promise<ModelRegistry> {
  assertModelName(name);
  return ownAliases((await store.read(name)).registry ?? empty(name));
}

/** Every model in the registry (folders that are not model names are not models). */
export async function listRegistries(store: RegistryStore): Promise<ModelRegistry[]> {
  const names = (await store.names()).filter((name) => MODEL_NAME.test(name));
  return Promise.all(names.map((name) => readRegistry(store, name)));
}

/** A registry written by hand may lack aliases: a copy whose aliases are an own, plain object. */
function ownAliases(registry: ModelRegistry): ModelRegistry {
  return { ...registry, aliases: { ...(registry.aliases ?? {}) } };
}

/** The version an alias points at (own properties only: `constructor` is no alias), or undefined. */
function aliasTarget(registry: ModelRegistry, alias: string): number | undefined {
  return Object.hasOwn(registry.aliases, alias) ? registry.aliases[alias] : undefined;
}

/** The version number the next registration of `name` will get. */
export async function nextVersion(store: RegistryStore, name: string): Promise<number> {
  return Math.max(0, ...(await readRegistry(store, name)).versions.map((v) => v.version)) + 1;
}

/** Publishes a bundle into the registry as a new version (self-contained: runs may be deleted). */
export async function registerVersion(
  store: RegistryStore,
  name: string,
  bundleDir: string,
  entry: ModelVersion,
): Promise<ModelRegistry> {
  assertModelName(name);
  const taken = (registry: ModelRegistry) => registry.versions.some((v) => v.version === entry.version);
  const conflict = () =>
    new InputError('MLX_REGISTRY_CONFLICT', `${name} v${entry.version} is already registered.`, {
      hint: 'Another training registered this version at the same time; train again.',
    });
  if (taken(await readRegistry(store, name))) throw conflict();
  if (!(await store.publishBundle(name, entry.version, bundleDir))) throw conflict();
  return updateRegistry(store, name, (registry) => {
    if (taken(registry)) throw conflict();
    return { ...registry, versions: [...registry.versions, entry] };
  });
}

/** Resolves `latest`, an alias or a version number of a model to a version number. */
export function resolveVersion(registry: ModelRegistry, selector: string): number {
  if (registry.versions.length === 0)
    throw new InputError('MLX_MODEL_NOT_FOUND', `The registry has no versions of '${registry.name}'.`, {
      hint: 'Train one with `mlx train` (or `mlx pipeline`).',
    });
  if (selector === 'latest') return Math.max(...registry.versions.map((v) => v.version));
  const numeric = /^v?(\d+)$/.exec(selector);
  const version = numeric ? Number(numeric[1]) : aliasTarget(registry, selector);
  if (version === undefined || !registry.versions.some((v) => v.version === version)) {
    const aliases = Object.keys(registry.aliases);
    throw new InputError('MLX_MODEL_NOT_FOUND', `'${registry.name}@${selector}' is not a version or alias.`, {
      hint: `Versions: ${registry.versions.map((v) => v.version).join(', ')}${aliases.length ? `; aliases: ${aliases.join(', ')}` : ''}.`,
    });
  }
  return version;
}

/** Points an alias (`production`, `staging`, ...) at a version, atomically; returns the previous target. */
export async function setAlias(
  store: RegistryStore,
  name: string,
  alias: string,
  version: number,
): Promise<number | null> {
  assertAlias(alias);
  let previous: number | null = null;
  await updateRegistry(store, name, (registry) => {
    resolveVersion(registry, String(version));
    previous = aliasTarget(registry, alias) ?? null;
    return {
      ...registry,
      aliases: { ...registry.aliases, [alias]: version },
      aliasHistory: [...(registry.aliasHistory ?? []), change(alias, previous, version)],
    };
  });
  return previous;
}

/** Removes an alias (`mlx models unalias`); returns the version it pointed to. */
export async function removeAlias(store: RegistryStore, name: string, alias: string): Promise<number> {
  assertAlias(alias);
  let previous = 0;
  await updateRegistry(store, name, (registry) => {
    if (registry.versions.length === 0)
      throw new InputError('MLX_MODEL_NOT_FOUND', `The registry has no model '${name}'.`, {
        hint: 'List the registered models with `mlx models list`.',
      });
    const target = aliasTarget(registry, alias);
    if (target === undefined) {
      const aliases = Object.keys(registry.aliases);
      throw new InputError('MLX_MODEL_NOT_FOUND', `'${name}@${alias}' is not an alias.`, {
        hint: aliases.length ? `Aliases of ${name}: ${aliases.join(', ')}.` : `${name} has no aliases.`,
      });
    }
    previous = target;
    const { [alias]: _removed, ...aliases } = registry.aliases;
    return { ...registry, aliases, aliasHistory: [...(registry.aliasHistory ?? []), change(alias, target, null)] };
  });
  return previous;
}

/**
 * Read → change → conditional write of a model's registry.json, again from a fresh read when another
 * writer got in between (so concurrent promotes and registrations never lose each other's change).
 */
export async function updateRegistry(
  store: RegistryStore,
  name: string,
  change: (registry: ModelRegistry) => ModelRegistry,
): Promise<ModelRegistry> {
  assertModelName(name);
  for (let attempt = 0; attempt < 20; attempt++) {
    const { registry, revision } = await store.read(name);
    const next = change(ownAliases(registry ?? empty(name)));
    if (await store.write(name, next, revision)) return next;
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20 * (attempt + 1))));
  }
  throw new InputError('MLX_REGISTRY_CONFLICT', `${name}: registry.json kept changing under this write (20 tries).`, {
    hint: 'Many processes are writing the registry at once; try again.',
  });
}

function empty(name: string): ModelRegistry {
  return { name, versions: [], aliases: {} };
}

/** The version an alias pointed to before its latest move (null = it had none, or never moved). */
export function previousTarget(registry: ModelRegistry, alias: string): number | null {
  const moves = (registry.aliasHistory ?? []).filter((c) => c.alias === alias);
  return moves.at(-1)?.from ?? null;
}

function change(alias: string, from: number | null, to: number | null): AliasChange {
  return { alias, from, to, at: new Date().toISOString() };
}
