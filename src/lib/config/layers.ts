import { ConfigError } from '../errors.js';
import { isOpenMap } from './open-maps.js';
import type { Override, OverrideValue } from './override-grammar.js';
import { assertSafeKey } from './safe-names.js';
import { didYouMean, suggest } from './suggest.js';
import { allPaths, cloneTree, deletePath, getPath, isPlainObject, leafPaths, setPath, type Tree } from './tree.js';

/** A config tree plus, for every leaf, the name of the layer that set it. */
export class LayeredTree {
  readonly tree: Tree;
  readonly sources = new Map<string, string>();

  constructor(base: Tree, source: string) {
    this.tree = cloneTree(base);
    for (const path of leafPaths(this.tree)) this.sources.set(path, source);
  }

  /** Deep-merges `layer` at `at` (lists and scalars replace, dicts merge), like OmegaConf. */
  merge(layer: unknown, source: string, at = ''): void {
    if (!isPlainObject(layer)) {
      this.assign(at, layer, source);
      return;
    }
    const current = getPath(this.tree, at).value;
    if (at !== '') assertSafeKey(at, source);
    if (at !== '' && !isPlainObject(current)) this.assign(at, {}, source);
    if (Object.keys(layer).length === 0 && at !== '') {
      this.sources.set(at, source);
      return;
    }
    for (const [key, value] of Object.entries(layer)) this.merge(value, source, at ? `${at}.${key}` : key);
  }

  /** Replaces the value at `path` (whole subtree) and attributes its leaves to `source`. */
  assign(path: string, value: unknown, source: string): void {
    // Every layer ends here or in merge(): no key of a file, env var or --set reaches Object.prototype.
    assertSafeKey(path, source);
    for (const inner of allPaths(value)) assertSafeKey(`${path}.${inner}`, source);
    this.forget(path);
    setPath(this.tree, path, cloneTree(value));
    const leaves = isPlainObject(value) && Object.keys(value).length > 0 ? leafPaths(value, path) : [path];
    for (const leaf of leaves) this.sources.set(leaf, source);
  }

  remove(path: string): void {
    this.forget(path);
    deletePath(this.tree, path);
  }

  has(path: string): boolean {
    return getPath(this.tree, path).found;
  }

  private forget(path: string): void {
    for (const key of [...this.sources.keys()]) {
      if (key === path || key.startsWith(`${path}.`)) this.sources.delete(key);
    }
    // A parent that was an empty-object leaf is no longer a leaf.
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) this.sources.delete(parts.slice(0, i).join('.'));
  }
}

/** Applies one value override (already resolved to its full key) with Hydra's rules. */
export function applyOverride(layers: LayeredTree, override: Override, key: string): void {
  const source = `--set ${override.text.trim()}`;
  const exists = layers.has(key);
  const value = singleValue(override.value, override.text);
  switch (override.kind) {
    case 'set':
      if (!exists && !insideOpenMap(layers, key)) {
        throw new ConfigError(`Could not override '${key}': no such key in the config.${suggestKey(layers, key)}`, {
          code: 'MLX_CONFIG_UNKNOWN_KEY',
          hint: `To add a new key use +${key}=..., to list the keys run 'mlx config show'.`,
          details: { key, layer: source },
        });
      }
      layers.assign(key, value, source);
      return;
    case 'add':
      if (exists) {
        throw new ConfigError(`Could not add '${key}': it is already in the config.`, {
          code: 'MLX_CONFIG_OVERRIDE',
          hint: `Use ${key}=... to override it, or ++${key}=... to add or override.`,
        });
      }
      layers.assign(key, value, source);
      return;
    case 'force':
      layers.assign(key, value, source);
      return;
    case 'delete': {
      if (!exists) {
        throw new ConfigError(
          `Could not delete '${key}': no such key in the config.${didYouMean(key, allPaths(layers.tree))}`,
          {
            code: 'MLX_CONFIG_UNKNOWN_KEY',
          },
        );
      }
      const current = getPath(layers.tree, key).value;
      if (override.value !== undefined && JSON.stringify(current) !== JSON.stringify(value)) {
        throw new ConfigError(
          `Could not delete '${key}': its value is ${JSON.stringify(current)}, not ${JSON.stringify(value)}.`,
          { code: 'MLX_CONFIG_OVERRIDE' },
        );
      }
      layers.remove(key);
      return;
    }
    default:
      override satisfies never;
  }
}

/** Whether `key` lies inside a user-keyed map (its entries are added by a plain set; zod checks their keys). */
function insideOpenMap(layers: LayeredTree, key: string): boolean {
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('.');
    if (!layers.has(prefix)) return false;
    if (isOpenMap(prefix)) return true;
  }
  return false;
}

/**
 * "Did you mean" for an unknown key: fix the first segment that does not exist among its siblings
 * (`drift.colums.x.test` → `drift.columns.x.test`), else the nearest whole path.
 */
function suggestKey(layers: LayeredTree, key: string): string {
  const parts = key.split('.');
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('.');
    const node = i === 0 ? layers.tree : getPath(layers.tree, prefix).value;
    if (!isPlainObject(node)) break;
    const part = parts[i] as string;
    if (Object.hasOwn(node, part)) continue;
    const [near] = suggest(part, Object.keys(node), 1);
    if (near) return ` Did you mean '${[...parts.slice(0, i), near, ...parts.slice(i + 1)].join('.')}'?`;
    break;
  }
  return didYouMean(key, allPaths(layers.tree));
}

/** The single value of an override; a sweep here means `--multirun` was missing. */
export function singleValue(value: OverrideValue | undefined, text: string): unknown {
  if (value === undefined) return undefined;
  if (value.kind === 'value') return value.value;
  const eq = text.indexOf('=');
  const key = text.slice(0, eq).replace(/^[+~]+/, '');
  throw new ConfigError(
    `Ambiguous value for argument '${text.trim()}': it is a sweep over ${value.values.length} values.\n` +
      `  1. To use it as a list, use ${key}=[${value.source}]\n` +
      `  2. To use it as a string, quote the value: ${key}='${value.source}'\n` +
      '  3. To sweep over it, add --multirun to your command line',
    {
      code: 'MLX_CONFIG_SWEEP',
      hint: 'Sweeps (a,b,c / range(...) / choice(...)) run one job per value and need --multirun.',
    },
  );
}
