import { BaseCommand } from '../../cli/base-command.js';
import type { SyncResult } from '../../lib/workflows/data.js';

export default class DataPull extends BaseCommand<typeof DataPull> {
  static override summary = 'Restore the raw and processed files pinned by data.lock from the data remote.';
  static override description =
    'Each file is fetched into .mlx/cache, its sha256 verified against data.lock, then copied into place — so a fresh clone with only data.lock gets the exact data back.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --set data.remote=file:///mnt/shared/mlx-store',
  ];
  static override configSection = 'data' as const;

  async run(): Promise<SyncResult> {
    const { pullData } = await import('../../lib/workflows/data.js');
    const { renderSync } = await import('../../cli/render/data.js');
    const { config, root } = this.resolvedConfig;
    const result = await pullData({ root, config });
    this.log(renderSync('pull', result));
    return result;
  }
}
