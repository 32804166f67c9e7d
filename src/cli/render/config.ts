import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../lib/config/index.js';
import { getPath, leafPaths } from '../../lib/config/tree.js';

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

/** A plain left-aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
