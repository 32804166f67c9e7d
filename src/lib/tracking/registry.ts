import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { readJson, writeJsonAtomic } from './json-file.js';

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

const REGISTRY = 'registry.json';

/** A model name: one folder under `models/` (the `model.name` rule of the config). */
const MODEL_NAME = /^[a-z0-9][a-z0-9_-]{0,199}$/;
/** An alias: lowercase, and never a name JavaScript objects already answer to. */
const ALIAS = /^[a-z][a-z0-9_-]{0,62}$/;
const RESERVED_ALIASES = new Set(['latest', 'constructor', 'prototype']);

/** Throws a usage error unless `name` is a model name that stays inside the models folder. */
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

/** Directory of one version's bundle: `models/<name>/v<N>/`. */
export function versionDir(modelsDir: string, name: string, version: number): string {
  assertModelName(name);
  return path.join(modelsDir, name, `v${version}`);
}

/** The registry of one model (empty when it has none yet). */
export function readRegistry(modelsDir: string, name: string): ModelRegistry {
  assertModelName(name);
  const registry = readJson<ModelRegistry>(path.join(modelsDir, name, REGISTRY), { name, versions: [], aliases: {} });
  // A registry written by hand may lack aliases; lookups below use own properties only.
  return { ...registry, aliases: { ...(registry.aliases ?? {}) } };
}

/** Every model in the registry. */
export function listRegistries(modelsDir: string): ModelRegistry[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && MODEL_NAME.test(e.name) && existsSync(path.join(modelsDir, e.name, REGISTRY)))
    .map((e) => readRegistry(modelsDir, e.name));
}

/** The version number the next registration of `name` will get. */
export function nextVersion(modelsDir: string, name: string): number {
  return Math.max(0, ...readRegistry(modelsDir, name).versions.map((v) => v.version)) + 1;
}

/** Copies a bundle into the registry as a new version (self-contained: runs may be deleted). */
export function registerVersion(
  modelsDir: string,
  name: string,
  bundleDir: string,
  entry: ModelVersion,
): ModelRegistry {
  const registry = readRegistry(modelsDir, name);
  if (registry.versions.some((v) => v.version === entry.version))
    throw new InputError('MLX_REGISTRY_CONFLICT', `${name} v${entry.version} is already registered.`, {
      hint: 'Another training registered this version at the same time; train again.',
    });
  mkdirSync(path.join(modelsDir, name), { recursive: true });
  cpSync(bundleDir, versionDir(modelsDir, name, entry.version), { recursive: true });
  const next = { ...registry, versions: [...registry.versions, entry] };
  writeJsonAtomic(path.join(modelsDir, name, REGISTRY), next);
  return next;
}

/** Resolves `latest`, an alias or a version number of a model to a version number. */
export function resolveVersion(registry: ModelRegistry, selector: string): number {
  if (registry.versions.length === 0)
    throw new InputError('MLX_MODEL_NOT_FOUND', `The registry has no versions of '${registry.name}'.`, {
      hint: 'Train one with `mlx train` (or `mlx pipeline`).',
    });
  if (selector === 'latest') return Math.max(...registry.versions.map((v) => v.version));
  const numeric = /^v?(\d+)$/.exec(selector);
  const version = numeric
    ? Number(numeric[1])
    : Object.hasOwn(registry.aliases, selector)
      ? registry.aliases[selector]
      : undefined;
  if (version === undefined || !registry.versions.some((v) => v.version === version)) {
    const aliases = Object.keys(registry.aliases);
    throw new InputError('MLX_MODEL_NOT_FOUND', `'${registry.name}@${selector}' is not a version or alias.`, {
      hint: `Versions: ${registry.versions.map((v) => v.version).join(', ')}${aliases.length ? `; aliases: ${aliases.join(', ')}` : ''}.`,
    });
  }
  return version;
}

/** Points an alias (`production`, `staging`, ...) at a version; returns the previous target. */
export function setAlias(modelsDir: string, name: string, alias: string, version: number): number | null {
  assertAlias(alias);
  const registry = readRegistry(modelsDir, name);
  resolveVersion(registry, String(version));
  const previous = (Object.hasOwn(registry.aliases, alias) ? registry.aliases[alias] : undefined) ?? null;
  writeJsonAtomic(path.join(modelsDir, name, REGISTRY), {
    ...registry,
    aliases: { ...registry.aliases, [alias]: version },
    aliasHistory: [...(registry.aliasHistory ?? []), change(alias, previous, version)],
  });
  return previous;
}

/** Removes an alias (`mlx models unalias`); returns the version it pointed to. */
export function removeAlias(modelsDir: string, name: string, alias: string): number {
  assertAlias(alias);
  const registry = readRegistry(modelsDir, name);
  if (registry.versions.length === 0)
    throw new InputError('MLX_MODEL_NOT_FOUND', `The registry has no model '${name}'.`, {
      hint: 'List the registered models with `mlx models list`.',
    });
  const previous = Object.hasOwn(registry.aliases, alias) ? registry.aliases[alias] : undefined;
  if (previous === undefined) {
    const aliases = Object.keys(registry.aliases);
    throw new InputError('MLX_MODEL_NOT_FOUND', `'${name}@${alias}' is not an alias.`, {
      hint: aliases.length ? `Aliases of ${name}: ${aliases.join(', ')}.` : `${name} has no aliases.`,
    });
  }
  const { [alias]: _removed, ...aliases } = registry.aliases;
  writeJsonAtomic(path.join(modelsDir, name, REGISTRY), {
    ...registry,
    aliases,
    aliasHistory: [...(registry.aliasHistory ?? []), change(alias, previous, null)],
  });
  return previous;
}

/** The version an alias pointed to before its latest move (null = it had none, or never moved). */
export function previousTarget(registry: ModelRegistry, alias: string): number | null {
  const moves = (registry.aliasHistory ?? []).filter((c) => c.alias === alias);
  return moves.at(-1)?.from ?? null;
}

function change(alias: string, from: number | null, to: number | null): AliasChange {
  return { alias, from, to, at: new Date().toISOString() };
}
