#!/usr/bin/env node
// `npm run docs:deps [-- --check]`: the module dependency diagram of docs/architecture.md, computed from the source so
// that it stays true. Reads every import and re-export under src/lib (static and `await import()`), keeps
// the ones that cross from one library area to another at run time (`import type` is erased and left
// out), and rewrites the Mermaid block between `<!-- deps:begin -->` and `<!-- deps:end -->`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Areas every other area may use; drawn once as a base rather than as an edge from each area. By default
 * (see `main`) these are the library's top-level files: errors, logging, contracts, random... */
export const BASE_AREAS = ['errors', 'logging', 'contracts'] as const;

const STATIC = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"](\.[^'"]+)['"]/gms;
const DYNAMIC = /import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The relative specifiers a file loads at run time (type-only imports and exports excluded). */
export function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(STATIC)) {
    const clause = (m[3] ?? '').trim();
    const names = clause.startsWith('{') ? clause.replace(/^\{|\}$/g, '').split(',') : [];
    const allTypes = names.length > 0 && names.every((n) => !n.trim() || n.trim().startsWith('type '));
    if (!m[2] && !allTypes && m[4]) out.push(m[4]);
  }
  for (const m of source.matchAll(DYNAMIC)) if (m[1]) out.push(m[1]);
  return out;
}

/** The area of a path under the library root: its first folder, or its file name without extension. */
export function areaOfPath(libRoot: string, file: string): string | undefined {
  const rel = path.relative(libRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return (rel.split(path.sep)[0] ?? '').replace(/\.(ts|js)$/, '');
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTs(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Area → the other areas it loads at run time, sorted. */
export function areaDependencies(libRoot: string): Map<string, string[]> {
  const deps = new Map<string, Set<string>>();
  for (const file of listTs(libRoot)) {
    const from = areaOfPath(libRoot, file);
    if (!from) continue;
    const set = deps.get(from) ?? new Set<string>();
    deps.set(from, set);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      const to = areaOfPath(libRoot, path.resolve(path.dirname(file), spec));
      if (to && to !== from) set.add(to);
    }
  }
  return new Map([...deps].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

/** The Mermaid flowchart: folder areas as boxes, base modules folded into one node. */
export function dependencyMermaid(
  deps: Map<string, string[]>,
  labels: Record<string, string> = {},
  baseAreas: readonly string[] = BASE_AREAS,
): string {
  const base = new Set<string>(baseAreas);
  const areas = [...deps.keys()].filter((a) => !base.has(a));
  const node = (a: string) => `  ${a.replace(/\W/g, '_')}["${a}/${labels[a] ? `<br/>${labels[a]}` : ''}"]`;
  const lines = ['flowchart TB', ...areas.map(node), `  base["${[...baseAreas].map((b) => `${b}.ts`).join(', ')}"]`];
  for (const from of areas) {
    for (const to of deps.get(from) ?? []) {
      if (!base.has(to)) lines.push(`  ${from.replace(/\W/g, '_')} --> ${to.replace(/\W/g, '_')}`);
    }
  }
  const usesBase = areas.filter((a) => (deps.get(a) ?? []).some((d) => base.has(d)));
  if (usesBase.length > 0) lines.push(`  ${usesBase.map((a) => a.replace(/\W/g, '_')).join(' & ')} -.-> base`);
  return lines.join('\n');
}

const LABELS: Record<string, string> = {
  config: 'schema, layers, overrides',
  data: 'ingest, feature kinds, pipeline, lock, remotes',
  model: 'model families, bundle, Predictor',
  train: 'trainers per family, early stopping',
  evaluate: 'metrics registry, report, gates',
  tracking: 'runs, registry, refs',
  'prediction-store': 'sqlite store, export',
  serving: 'Hono app, routes, metrics',
  drift: 'tests, monitor, report',
  workflows: 'one use case per command',
  ui: 'mlx ui: pages over the workflows',
};

/** Replaces the block between the markers; throws when the markers are missing. */
export function replaceBetweenMarkers(text: string, block: string): string {
  const begin = '<!-- deps:begin -->';
  const end = '<!-- deps:end -->';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${begin} … ${end} not found`);
  return `${text.slice(0, i + begin.length)}\n${block}\n${text.slice(j)}`;
}

function main(argv: string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const doc = path.join(root, 'docs', 'architecture.md');
  const lib = path.join(root, 'src', 'lib');
  const deps = areaDependencies(lib);
  const topFiles = readdirSync(lib)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const block = `<!-- render: docs/figures/layers.png -->\n\`\`\`mermaid\n${dependencyMermaid(deps, LABELS, topFiles)}\n\`\`\``;
  const current = readFileSync(doc, 'utf8');
  const next = replaceBetweenMarkers(current, block);
  if (argv.includes('--check')) {
    // CI: say whether the committed diagram still matches the code (exit 1 when it does not).
    console.log(
      next === current
        ? 'docs/architecture.md: module diagram up to date'
        : 'docs/architecture.md: module diagram is stale',
    );
    return next === current ? 0 : 1;
  }
  writeFileSync(doc, next);
  for (const [area, list] of deps) console.log(`${area.padEnd(10)} -> ${list.join(', ') || '-'}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
