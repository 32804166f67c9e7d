#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): `node bin/dev.js <command>`.
// oclif's own TypeScript path mapping needs the classic TypeScript API, which TypeScript 7 does not
// ship, so point it at src/commands ourselves and let tsx load the .ts files.
import { readFileSync } from 'node:fs';
import { requireNode } from './node-version.js';

requireNode(process.version);
const { Config, flush, handle, run, settings } = await import('@oclif/core');
const { register } = await import('tsx/esm/api');
register();
settings.debug = true;
const root = new URL('..', import.meta.url).pathname;
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const hooks = Object.fromEntries(
  Object.entries(pjson.oclif.hooks ?? {}).map(([name, file]) => [
    name,
    file.replace(/^\.\/dist\/(.*)\.js$/, './src/$1.ts'),
  ]),
);
pjson.oclif = { ...pjson.oclif, commands: './src/commands', hooks };
try {
  const config = await Config.load({ root, pjson, ignoreManifest: true });
  await run(process.argv.slice(2), config);
  await flush();
} catch (error) {
  await handle(error);
}
