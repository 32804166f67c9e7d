import { BaseCommand } from '../../cli/base-command.js';
import type { DataStatus } from '../../lib/workflows/data.js';

export default class DataStatusCommand extends BaseCommand<typeof DataStatusCommand> {
  static override summary = 'Is data/processed up to date with the raw data and the config? (exit 3 when stale)';
  static override description =
    'Compares data.lock with the raw files (sha256), the config keys that shape the data, and the outputs. Prints "up to date" or exactly what changed. Exit codes: 0 up to date, 3 stale.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --set data.split.train=0.8 --json',
  ];
  static override configSection = 'data' as const;

  async run(): Promise<Omit<DataStatus, 'lock'>> {
    const { dataStatus } = await import('../../lib/workflows/data.js');
    const { renderStatus } = await import('../../cli/render/data.js');
    const { ExitCode } = await import('../../lib/errors.js');
    const { config, root } = this.resolvedConfig;
    const status = await dataStatus({ root, config });
    this.log(renderStatus(status));
    if (!status.upToDate) process.exitCode = ExitCode.dataInvalid;
    return { upToDate: status.upToDate, lockFile: status.lockFile, changes: status.changes };
  }
}
