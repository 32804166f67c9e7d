import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { configSchema, type MlxConfig } from '../../../src/lib/config/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-data-'));
  dirs.push(dir);
  return dir;
}

/** Writes `text` to `name` in a temp dir and returns its path. */
export function tempFile(name: string, text: string | Uint8Array, dir = tempDir()): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A full config from a partial one (zod fills the defaults). */
export function makeConfig(partial: Record<string, unknown> = {}): MlxConfig {
  return configSchema.parse(partial);
}

/** The penguins-like config used across tests. */
export function toyConfig(data: Record<string, unknown> = {}): MlxConfig {
  return makeConfig({ data: { source: 'raw.csv', target: 'species', task: 'classification', ...data } });
}

/** A small CSV with every defect the pipeline must handle: missing values, '.', a target. */
export const TOY_CSV = [
  'species,island,bill,mass,sex',
  ...Array.from({ length: 60 }, (_, i) => {
    const species = ['Adelie', 'Gentoo', 'Chinstrap'][i % 3];
    const island = ['Biscoe', 'Dream', 'Torgersen'][(i * 7) % 3];
    const bill = i % 17 === 5 ? '' : (35 + (i % 13) + (i % 3) * 5).toFixed(1);
    const mass = 3000 + ((i * 37) % 2000);
    const sex = i % 11 === 4 ? '.' : i % 2 ? 'MALE' : 'FEMALE';
    return `${species},${island},${bill},${mass},${sex}`;
  }),
].join('\n');
