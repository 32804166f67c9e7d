import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { configSchema, defaultConfig, type MlxConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { allPaths, getPath, type Tree } from './tree.js';

export interface ConfigProblem {
  path: string;
  value: unknown;
  layer: string;
  message: string;
}

/** Validates the merged tree once; every problem names the key, value, layer and what is allowed. */
export function validateConfig(tree: Tree, sources: ReadonlyMap<string, string>): MlxConfig {
  const result = configSchema.safeParse(tree);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, tree, sources));
  const lines = problems.map((p) => `  - ${p.path}: ${p.message} (got ${show(p.value)}, from ${p.layer})`);
  throw new ConfigError(`Invalid config:\n${lines.join('\n')}`, {
    hint: "Fix the value in the layer named above; 'mlx config show --sources' shows where every value comes from.",
    details: problems,
  });
}

function describeIssue(issue: z.core.$ZodIssue, tree: Tree, sources: ReadonlyMap<string, string>): ConfigProblem[] {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = allPaths(defaultConfig());
    return issue.keys.map((key) => {
      const path = base ? `${base}.${key}` : key;
      return {
        path,
        value: getPath(tree, path).value,
        layer: layerOf(path, sources),
        message: `unknown key.${didYouMean(path, known)}`,
      };
    });
  }
  return [
    { path: base || '(root)', value: getPath(tree, base).value, layer: layerOf(base, sources), message: issue.message },
  ];
}

/** The layer that set a path, or the one that set something beneath it. */
export function layerOf(path: string, sources: ReadonlyMap<string, string>): string {
  const exact = sources.get(path);
  if (exact) return exact;
  for (const [key, layer] of sources) if (key.startsWith(`${path}.`)) return layer;
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const parent = sources.get(parts.slice(0, i).join('.'));
    if (parent) return parent;
  }
  return 'default';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
