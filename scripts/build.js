// Compiles src/ to dist/ and writes oclif.manifest.json so that `mlx --help` and `--version`
// never have to import every command (fast start-up).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// `--clean` starts from an empty dist/ (CI and `npm run build` in a fresh clone need not).
if (process.argv.includes('--clean')) rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// Committed WebAssembly modules (built by scripts/build-wasm.js) sit next to the modules that load them.
for (const file of readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }))
  if (file.endsWith('.wasm')) copyFileSync(path.join(root, 'src', file), path.join(root, 'dist', file));
// arquero's one-file build, as CommonJS (its package is "type": "module", so its .js would load as ESM, where
// the UMD wrapper exports nothing): src/lib/data/arquero.ts loads it instead of its 228 modules (53 vs 121 ms).
mkdirSync(path.join(root, 'dist', 'vendor'), { recursive: true });
copyFileSync(
  path.join(path.dirname(require.resolve('arquero/package.json')), 'dist', 'arquero.js'),
  path.join(root, 'dist', 'vendor', 'arquero.cjs'),
);

const { Plugin } = await import('@oclif/core');
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
// Written then renamed, so a concurrent `mlx` never reads half a manifest.
const tmp = path.join(root, `.oclif.manifest.${process.pid}.json`);
writeFileSync(tmp, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
renameSync(tmp, path.join(root, 'oclif.manifest.json'));
console.log(`built dist/ and oclif.manifest.json (${Object.keys(plugin.manifest.commands).length} commands)`);
