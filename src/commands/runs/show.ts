import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import type { RunDetails } from '../../lib/workflows/runs.js';

export default class RunsShow extends BaseCommand<typeof RunsShow> {
  static override summary = 'Show one run: status, params, metrics, data and weights hashes.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 20260101-120000-3fa9c2',
    '<%= config.bin %> <%= command.id %> 3fa9c2 --json',
  ];
  static override args = { id: Args.string({ description: 'Run id (or a unique prefix/suffix).', required: true }) };

  async run(): Promise<RunDetails> {
    const { showRun } = await import('../../lib/workflows/runs.js');
    const { renderRunDetails } = await import('../../cli/render/runs.js');
    const details = showRun(this.resolvedConfig, this.args.id);
    this.log(renderRunDetails(details));
    return details;
  }
}
