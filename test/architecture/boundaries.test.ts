import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/**
 * The layers of ARCHITECTURE.md, checked on the import graph of src/ (static, type-only, re-exports and
 * dynamic `import()` alike): every module imports only the modules listed for it here, so the graph has
 * no cycle and nothing imports upward. A module is a folder under src/lib (files directly in src/lib are
 * `core`), or src/cli, src/commands, src/index.ts.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  config: ['core'],
  'prediction-store': ['core'],
  data: ['config', 'core'],
  model: ['data', 'config', 'core'],
  evaluate: ['model', 'data', 'config', 'core'],
  tracking: ['model', 'data', 'config', 'core'],
  train: ['evaluate', 'model', 'data', 'config', 'core'],
  drift: ['evaluate', 'model', 'data', 'config', 'prediction-store', 'core'],
  serving: ['model', 'data', 'config', 'prediction-store', 'core'],
  init: ['core'],
  workflows: [
    'init',
    'serving',
    'drift',
    'train',
    'tracking',
    'evaluate',
    'model',
    'data',
    'config',
    'prediction-store',
    'core',
  ],
  // The web UI sits beside the CLI: it calls the workflows (and reuses the report charts), and the
  // `mlx ui` command starts it.
  ui: ['workflows', 'drift', 'evaluate', 'core'],
  cli: ['workflows', 'serving', 'drift', 'train', 'tracking', 'evaluate', 'model', 'data', 'config', 'core'],
  commands: ['cli', 'ui', 'workflows', 'config', 'core'],
  index: [
    'workflows',
    'serving',
    'drift',
    'train',
    'tracking',
    'evaluate',
    'model',
    'data',
    'config',
    'prediction-store',
    'core',
  ],
};

/** Packages only some modules may import. */
const PACKAGES: { pattern: RegExp; only: readonly string[]; why: string }[] = [
  { pattern: /^@oclif\//, only: ['cli', 'commands'], why: 'the library knows no command line' },
  { pattern: /^(hono|@hono\/)/, only: ['serving', 'ui'], why: 'only serving speaks HTTP' },
];

const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const src = path.join(repoRoot, 'src');

function moduleOf(file: string): string {
  const parts = path.relative(src, file).split(path.sep);
  if (parts[0] === 'lib') return parts.length > 2 ? (parts[1] as string) : 'core';
  if (parts[0] === 'index.ts') return 'index';
  return parts[0] as string;
}

function imports(): { edges: Edge[]; packages: Edge[] } {
  const edges: Edge[] = [];
  const packages: Edge[] = [];
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const from = moduleOf(file);
    const rel = path.relative(repoRoot, file);
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const spec = match[1] as string;
        if (!spec.startsWith('.')) {
          packages.push({ from, to: spec, file: rel, spec });
          continue;
        }
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (!target.startsWith(src)) continue;
        const to = moduleOf(target);
        if (to !== from) edges.push({ from, to, file: rel, spec });
      }
    }
  }
  return { edges, packages };
}

/** Groups of modules that import each other in a loop (Tarjan's strongly connected components). */
function cycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const describeEdge = (e: Edge) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`;

describe('module boundaries', () => {
  const { edges, packages } = imports();

  it('reads the source tree', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(new Set(edges.map((e) => e.from))).toContain('workflows');
  });

  it('every module is a known layer', () => {
    const unknown = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((m) => !(m in ALLOWED));
    expect(unknown, 'add the new module to ALLOWED (and to ARCHITECTURE.md)').toEqual([]);
  });

  it('imports only go down the layers (so no library module imports a workflow, the CLI or a command)', () => {
    const upward = edges.filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to)).map(describeEdge);
    expect(upward).toEqual([]);
  });

  it('the module graph has no cycle', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it.each(PACKAGES.map((p) => [p.pattern.source, p]))('%s is imported only where it belongs', (_name, rule) => {
    const misplaced = packages
      .filter((p) => rule.pattern.test(p.spec) && !rule.only.includes(p.from))
      .map((p) => `${describeEdge(p)}: ${rule.why}`);
    expect(misplaced).toEqual([]);
  });

  it('the check itself finds a cycle and an upward import when there is one', () => {
    const fake = [
      { from: 'model', to: 'tracking', file: 'a.ts', spec: './x.js' },
      { from: 'tracking', to: 'model', file: 'b.ts', spec: './y.js' },
    ];
    expect(cycles(fake)).toEqual([['model', 'tracking']]);
    expect(fake.filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to))).toHaveLength(1);
  });
});
