import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cosmiconfigSync } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
import { withFileErrors } from '../fs-errors.js';
import { applyOverride, LayeredTree, singleValue } from './layers.js';
import { type Override, parseOverride, parseOverrideValue } from './override-grammar.js';
import { assertSafeName } from './safe-names.js';
import { type ConfigSection, defaultConfig, type MlxConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { allPaths, isPlainObject, type Tree } from './tree.js';
import { validateConfig } from './validate.js';
import { readPackageDirective, readYamlFile } from './yaml-file.js';

export interface ResolveConfigOptions {
  /** Where to start looking for `mlx.config.yaml` (absolute). */
  cwd: string;
  /** An explicit config file (absolute); skips the search. */
  configFile?: string | undefined;
  /** `--set` arguments, in order (strings, or already-parsed overrides from a sweep). */
  overrides?: readonly (string | Override)[];
  /** The process environment (MLX_ENV, MLX_SECTION__KEY, PORT). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The command's own section: bare keys not at the root resolve inside it. */
  section?: ConfigSection | undefined;
  /** Honour `PORT` (Cloud Run) as serve.port. */
  honourPortEnv?: boolean;
}

export interface ResolvedConfig {
  config: MlxConfig;
  /** For each leaf path, the layer that set it (`default`, a file, `env ...`, `--set ...`). */
  sources: Map<string, string>;
  /** The project root: the config file's folder, or cwd without one. */
  root: string;
  /** The config file used, if any. */
  file: string | undefined;
  /** Config groups selected, e.g. { model: 'mlp' }. */
  groups: Record<string, string>;
}

const SEARCH_PLACES = [
  'mlx.config.yaml',
  'mlx.config.yml',
  'mlx.config.json',
  '.mlxrc',
  '.mlxrc.yaml',
  '.mlxrc.json',
  'package.json',
];
/** Groups whose files apply at the root unless they say otherwise (`# @package`). */
const GLOBAL_GROUPS = new Set(['env', 'experiment']);

/** Resolves the layered config: defaults → file (+ groups) → MLX_ENV file → env vars → --set. */
export function resolveConfig(options: ResolveConfigOptions): ResolvedConfig {
  const env = options.env ?? {};
  const found = findConfigFile(options);
  const root = found ? path.dirname(found.file) : options.cwd;
  const layers = new LayeredTree(defaultConfig() as unknown as Tree, 'default');

  const parsed = (options.overrides ?? []).map((o) => (typeof o === 'string' ? parseOverride(o) : o));
  const groupDir = path.join(root, 'configs');
  const isGroup = (o: Override) =>
    !o.key.includes('.') && existsSync(path.join(groupDir, o.key)) && o.kind !== 'delete';
  const selections = parsed.filter(isGroup);
  const valueOverrides = parsed.filter((o) => !isGroup(o));

  // The defaults list: file first, then its groups, unless it places `_self_` explicitly.
  const fileTree: Tree = found ? { ...found.tree } : {};
  const defaultsList = readDefaultsList(fileTree.defaults, found?.file);
  delete fileTree.defaults;
  for (const selection of selections) {
    const name = singleValue(selection.value, selection.text);
    const entry = defaultsList.find((d) => d.group === selection.key);
    const via = `--set ${selection.text.trim()}`;
    if (entry) Object.assign(entry, { name: name === null ? null : String(name), via });
    else defaultsList.push({ group: selection.key, name: name === null ? null : String(name), via });
  }
  if (!defaultsList.some((d) => d.group === '_self_'))
    defaultsList.unshift({ group: '_self_', name: null, via: 'file' });

  const groups: Record<string, string> = {};
  for (const entry of defaultsList) {
    if (entry.group === '_self_') {
      if (found) layers.merge(fileTree, path.relative(root, found.file) || found.file);
      continue;
    }
    if (entry.name === null) continue;
    groups[entry.group] = entry.name;
    mergeGroupFile(layers, root, entry.group, entry.name, entry.via);
  }

  const mlxEnv = env.MLX_ENV;
  if (mlxEnv) {
    groups.env = mlxEnv;
    mergeGroupFile(layers, root, 'env', mlxEnv, 'MLX_ENV');
  }
  if (options.honourPortEnv && env.PORT !== undefined && env.PORT !== '') {
    layers.assign('serve.port', parseEnvValue(env.PORT), 'env PORT');
  }
  applyEnvVars(layers, env);

  for (const override of valueOverrides) {
    applyOverride(layers, override, resolveKey(layers.tree, override.key, options.section));
  }

  dropDefaultsOfUnion(layers, 'model');
  const config = validateConfig(layers.tree, layers.sources);
  return { config, sources: layers.sources, root, file: found?.file, groups };
}

/**
 * `model` is a union of families with different keys: the defaults layer holds the default member's
 * (mlp: hidden, dropout, ...), which another family does not have. Nothing any layer set is dropped;
 * validation fills in the selected member's own defaults again.
 */
function dropDefaultsOfUnion(layers: LayeredTree, section: string): void {
  for (const [key, layer] of [...layers.sources])
    if (layer === 'default' && key.startsWith(`${section}.`)) layers.remove(key);
}

function findConfigFile(options: ResolveConfigOptions): { file: string; tree: Tree } | undefined {
  const explorer = cosmiconfigSync('mlx', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    cache: false,
    loaders: {
      '.yaml': (f, c) => readYamlFile(f, c),
      '.yml': (f, c) => readYamlFile(f, c),
      noExt: (f, c) => readYamlFile(f, c),
    },
  });
  let result: ReturnType<typeof explorer.search>;
  if (options.configFile) {
    if (!existsSync(options.configFile)) {
      throw new ConfigError(`Config file not found: ${options.configFile}`, {
        code: 'MLX_CONFIG_FILE',
        hint: 'Check the --config path (relative paths are from the current folder).',
      });
    }
    if (!statSync(options.configFile).isFile()) {
      throw new ConfigError(`--config ${options.configFile} is not a file (a folder?).`, {
        code: 'MLX_CONFIG_FILE',
        hint: 'Pass the config file itself, e.g. --config path/to/mlx.config.yaml.',
      });
    }
    result = withFileErrors(options.configFile, () => explorer.load(options.configFile as string));
  } else {
    result = explorer.search(options.cwd);
  }
  if (!result) return undefined;
  const tree = result.config ?? {};
  if (!isPlainObject(tree)) {
    throw new ConfigError(
      `Config file ${result.filepath} must contain a mapping of sections (seed, data, model, ...).`,
      {
        code: 'MLX_CONFIG_FILE',
      },
    );
  }
  return { file: result.filepath, tree };
}

interface DefaultsEntry {
  group: string;
  name: string | null;
  via: string;
}

function readDefaultsList(value: unknown, file: string | undefined): DefaultsEntry[] {
  if (value === undefined || value === null) return [];
  const bad = () =>
    new ConfigError(`Invalid 'defaults' list in ${file}: entries are '_self_' or '{group: name}'.`, {
      code: 'MLX_CONFIG_FILE',
      hint: 'Example:\ndefaults:\n  - model: mlp\n  - _self_',
    });
  if (!Array.isArray(value)) throw bad();
  return value.map((item): DefaultsEntry => {
    if (item === '_self_') return { group: '_self_', name: null, via: 'file' };
    if (!isPlainObject(item) || Object.keys(item).length !== 1) throw bad();
    const [group, name] = Object.entries(item)[0] as [string, unknown];
    if (name !== null && typeof name !== 'string') throw bad();
    return { group, name, via: file ? path.basename(file) : 'file' };
  });
}

function mergeGroupFile(layers: LayeredTree, root: string, group: string, name: string, via: string): void {
  assertSafeName('Config group', group, via);
  assertSafeName(`The ${group} option`, name, via);
  const dir = path.join(root, 'configs', group);
  const file = path.join(dir, `${name}.yaml`);
  if (!existsSync(file)) {
    const available = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => f.replace(/\.ya?ml$/, ''))
      : [];
    throw new ConfigError(
      `Config group '${group}' has no option '${name}' (selected by ${via}): ${path.relative(root, file)} does not exist.${didYouMean(name, available)}`,
      {
        code: 'MLX_CONFIG_GROUP',
        hint: available.length
          ? `Available ${group} options: ${available.join(', ')}.`
          : `Create ${path.relative(root, file)}.`,
      },
    );
  }
  const text = readFileSync(file, 'utf8');
  const tree = readYamlFile(file, text);
  const pkg = readPackageDirective(text) ?? (GLOBAL_GROUPS.has(group) ? '_global_' : '_group_');
  const at = pkg === '_global_' ? '' : pkg === '_group_' ? group : pkg;
  if (at === '' && !isPlainObject(tree)) {
    throw new ConfigError(`${path.relative(root, file)} must contain a mapping of config sections.`, {
      code: 'MLX_CONFIG_FILE',
    });
  }
  layers.merge(tree, path.relative(root, file), at);
}

function applyEnvVars(layers: LayeredTree, env: Readonly<Record<string, string | undefined>>): void {
  const names = Object.keys(env)
    .filter((name) => name.startsWith('MLX_') && name.includes('__'))
    .sort();
  for (const name of names) {
    const key = name
      .slice(4)
      .split('__')
      .map((part) => part.toLowerCase())
      .join('.');
    if (!layers.has(key)) {
      throw new ConfigError(
        `Environment variable ${name} sets '${key}', which is not a config key.${didYouMean(key, allPaths(layers.tree))}`,
        {
          code: 'MLX_CONFIG_UNKNOWN_KEY',
          hint: 'Environment overrides are MLX_<SECTION>__<KEY>, e.g. MLX_SERVE__PORT=9090; unset the variable or fix its name.',
          details: { key, layer: `env ${name}` },
        },
      );
    }
    layers.assign(key, parseEnvValue(env[name] ?? ''), `env ${name}`);
  }
}

function parseEnvValue(raw: string): unknown {
  try {
    const parsed = parseOverrideValue(raw);
    return parsed.kind === 'value' ? parsed.value : raw;
  } catch {
    return raw;
  }
}

/** `lr` inside `mlx train` means `train.lr` when `lr` is not a root key. */
export function resolveKey(tree: Tree, key: string, section: ConfigSection | undefined): string {
  const head = key.split('.')[0] as string;
  if (Object.hasOwn(tree, head) || section === undefined) return key;
  const sectionTree = tree[section];
  if (isPlainObject(sectionTree)) return `${section}.${key}`;
  return key;
}
