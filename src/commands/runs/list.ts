import { BaseCommand } from '../../cli/base-command.js';
import type { RunRecord } from '../../lib/workflows/runs.js';

export default class RunsList extends BaseCommand<typeof RunsList> {
  static override summary = 'List training runs, newest first: id, time, status, key params, metrics.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<{ runs: RunRecord[] }> {
    const { listRuns } = await import('../../lib/workflows/runs.js');
    const { renderRunList } = await import('../../cli/render/runs.js');
    const runs = listRuns(this.resolvedConfig);
    this.log(renderRunList(runs));
    return { runs };
  }
}
