import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Arquero = typeof import('arquero');

const require = createRequire(import.meta.url);
/** dist/vendor/arquero.cjs, next to dist/lib/ (scripts/build.js copies it there); absent when run from src/. */
const BUNDLE = fileURLToPath(new URL('../../vendor/arquero.cjs', import.meta.url));
let loaded: Arquero | undefined;

/**
 * arquero, loaded on first use. The built mlx loads the one-file build arquero's package ships
 * (`dist/arquero.js`, the same source bundled with flechette and acorn by its authors, copied by the build
 * as CommonJS) instead of its module entry (228 files): `node -e` loading it took 53 against 121 ms (compile
 * cache warm, farm-bench 10 pairs), and `mlx data validate` / `mlx predict` on penguins start ~50 ms sooner
 * (README, Benchmarks). What mlx uses (tables, Arrow in and out) is the same in both; the bundle's file
 * loaders, which mlx does not use, fetch URLs only. From src/ (tests, tsx) it is the module entry.
 */
export function arquero(): Arquero {
  loaded ??= (existsSync(BUNDLE) ? require(BUNDLE) : require('arquero')) as Arquero;
  return loaded;
}
