#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.bench.ts (or .js) and prints its table.
// `npm run bench` with no name lists the benchmarks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(dir)
  .filter((f) => /\.bench\.(ts|js)$/.test(f))
  .map((f) => f.replace(/\.bench\.(ts|js)$/, ''))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.log(`usage: npm run bench -- <name>\n\nbenchmarks: ${names.join(', ')}`);
  process.exit(0);
}
const file = ['ts', 'js'].map((ext) => path.join(dir, `${name}.bench.${ext}`)).find((f) => existsSync(f));
if (!file) {
  console.error(`unknown benchmark '${name}'; available: ${names.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
