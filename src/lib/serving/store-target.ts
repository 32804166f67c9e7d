import path from 'node:path';
import { projectPath } from '../config/paths.js';
import type { ServeConfig } from '../config/sections/serve.js';
import type { StoreTarget } from '../prediction-store/index.js';

type StoreSettings = Pick<ServeConfig, 'store' | 'store_path' | 'store_url' | 'store_spill_dir'>;

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Where the configured prediction store lives (null for `serve.store: none`): the one mapping from the
 * serve config to a store, used by `mlx serve`, `mlx drift`, `/v1/drift` and `predictions export`.
 * `override` is a store given on the command line: a PostgreSQL URL, or else an absolute SQLite path.
 */
export function storeTarget(
  serve: StoreSettings,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  override?: string,
): StoreTarget | null {
  const spillDir = (file: string) =>
    serve.store_spill_dir === null ? path.dirname(file) : projectPath(root, serve.store_spill_dir);
  const sqlitePath = projectPath(root, serve.store_path);
  if (override !== undefined) {
    return POSTGRES_URL.test(override)
      ? { backend: 'postgres', location: override, spillDir: spillDir(sqlitePath), env }
      : { backend: 'sqlite', location: override, spillDir: spillDir(override), env };
  }
  switch (serve.store) {
    case 'none':
      return null;
    case 'sqlite':
      return { backend: 'sqlite', location: sqlitePath, spillDir: spillDir(sqlitePath), env };
    case 'postgres':
      return { backend: 'postgres', location: serve.store_url ?? '', spillDir: spillDir(sqlitePath), env };
    default:
      return serve.store satisfies never;
  }
}
