import type { DataStatus, PrepareResult, SyncResult } from '../../lib/data/index.js';

/** `mlx data status` for people. */
export function renderStatus(status: DataStatus): string {
  if (status.upToDate)
    return `Data is up to date (${status.lockFile}, fingerprint ${status.lock?.fingerprint.slice(0, 12)}).`;
  return ['Data is stale — run `mlx data prepare`:', ...status.changes.map((c) => `  - ${c.message}`)].join('\n');
}

/** `mlx data prepare` for people. */
export function renderPrepare(result: PrepareResult): string {
  const { rows } = result;
  const head = result.skipped
    ? 'Up to date: nothing to do (use --force to rebuild).'
    : `Prepared in ${(result.durationMs / 1000).toFixed(2)} s.`;
  return [
    head,
    `  rows: ${rows.raw} read, ${rows.dropped_missing_target} dropped (no target), ${rows.duplicates_removed} duplicates removed`,
    `  split: train ${rows.train} · val ${rows.val} · test ${rows.test}  (${result.task})`,
    `  features: ${result.features} → model inputs: ${result.width}`,
    ...result.outputs.map((o) => `  ${o.path}  ${o.sha256.slice(0, 12)}  ${o.size} B`),
    `  ${result.lockFile}: fingerprint ${result.fingerprint.slice(0, 12)}`,
  ].join('\n');
}

/** `mlx data push` / `pull` for people. */
export function renderSync(verb: 'push' | 'pull', result: SyncResult): string {
  const moved = verb === 'push' ? 'uploaded' : 'downloaded';
  const lines = [`${result.remote}: ${result.transferred.length} ${moved}, ${result.skipped.length} already there`];
  for (const f of result.transferred) lines.push(`  ${moved} ${f}`);
  if (verb === 'pull') for (const f of result.restored) lines.push(`  restored ${f}`);
  return lines.join('\n');
}
