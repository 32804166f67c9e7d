import { BaseCommand } from '../../cli/base-command.js';
import type { SyncResult } from '../../lib/workflows/data.js';

export default class DataPush extends BaseCommand<typeof DataPush> {
  static override summary = 'Upload the raw and processed files pinned by data.lock to the data remote.';
  static override description =
    'Files are stored by sha256 in .mlx/cache and in the remote (data.remote: a directory or file:// URL); only what the remote lacks is copied.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --set data.remote=/mnt/shared/mlx-store',
  ];
  static override configSection = 'data' as const;

  async run(): Promise<SyncResult> {
    const { pushData } = await import('../../lib/workflows/data.js');
    const { renderSync } = await import('../../cli/render/data.js');
    const { config, root } = this.resolvedConfig;
    const result = await pushData({ root, config });
    this.log(renderSync('push', result));
    return result;
  }
}
