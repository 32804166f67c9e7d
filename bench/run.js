#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.bench.ts (or .js) and prints its table.
// `npm run bench` with no name runs the suite (bench/suite.bench.ts: training, serving and file prediction,
// each against its reference, and one summary table); `npm run bench -- list` lists the benchmarks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(dir)
  .filter((f) => /\.bench\.(ts|js)$/.test(f))
  .map((f) => f.replace(/\.bench\.(ts|js)$/, ''))
  .sort();
const [given, ...rest] = process.argv.slice(2);
if (given === 'list' || given === '--help' || given === '-h') {
  console.log(
    `usage: npm run bench [-- <name> [args]]\n\nwithout a name: the suite (training, serving, file prediction against their references)\nbenchmarks: ${names.join(', ')}`,
  );
  process.exit(0);
}
const name = given ?? 'suite';
const file = ['ts', 'js'].map((ext) => path.join(dir, `${name}.bench.${ext}`)).find((f) => existsSync(f));
if (!file) {
  console.error(`unknown benchmark '${name}'; available: ${names.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
