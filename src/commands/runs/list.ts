import { BaseCommand } from '../../cli/base-command.js';
import type { RunRecord } from '../../lib/tracking/run-dir.js';

export default class RunsList extends BaseCommand<typeof RunsList> {
  static override summary = 'List training runs, newest first: id, time, status, key params, metrics.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<{ runs: RunRecord[] }> {
    const { listRuns, renderRunList } = await import('../../lib/tracking/runs.js');
    const runs = listRuns(this.resolvedConfig);
    this.log(renderRunList(runs));
    return { runs };
  }
}
