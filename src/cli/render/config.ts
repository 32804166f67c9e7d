import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../lib/config/index.js';
import { getPath, leafPaths } from '../../lib/config/tree.js';
import { table } from './table.js';

/** `mlx config show` as YAML, or as a key/value/source table with `--sources`. */
export function renderConfig(resolved: ResolvedConfig, withSources: boolean): string {
  if (!withSources) return stringify(resolved.config, { lineWidth: 0 }).trimEnd();
  const rows = leafPaths(resolved.config).map((path) => [
    path,
    JSON.stringify(getPath(resolved.config, path).value) ?? 'null',
    resolved.sources.get(path) ?? 'default',
  ]);
  return table(['key', 'value', 'source'], rows);
}
