import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// Start-up speed: a command module must not pull heavy packages in at import time; they are
// imported lazily inside run(). This follows static (non-type) imports transitively from src/.
const HEAVY = /^(@tensorflow\/|arquero$|hono$|hono\/|@hono\/|prom-client$|hyparquet|playwright)/;
const STATIC_IMPORT = /^\s*import\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const EXPORT_FROM = /^\s*export\s+(?!type\b)[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(STATIC_IMPORT), ...text.matchAll(EXPORT_FROM)].map((m) => m[1] as string);
}

function heavyChain(file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const spec of staticImports(file)) {
    if (HEAVY.test(spec)) return [path.relative(repoRoot, file), spec];
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
    if (!existsSync(target)) continue;
    const chain = heavyChain(target, seen);
    if (chain) return [path.relative(repoRoot, file), ...chain];
  }
  return undefined;
}

function commandFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? commandFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('start-up stays light', () => {
  const files = commandFiles(path.join(repoRoot, 'src', 'commands'));

  it('there are commands to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [path.relative(repoRoot, f), f]))(
    '%s imports no heavy package statically',
    (_name, file) => {
      expect(heavyChain(file)).toBeUndefined();
    },
  );
});
