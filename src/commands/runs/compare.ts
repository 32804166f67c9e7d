import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import type { RunComparison } from '../../lib/workflows/runs.js';

export default class RunsCompare extends BaseCommand<typeof RunsCompare> {
  static override summary = 'Compare two runs: the parameters that differ and every metric with its delta.';
  static override examples = ['<%= config.bin %> <%= command.id %> 3fa9c2 8b01d4'];
  static override args = {
    a: Args.string({ description: 'First run id.', required: true }),
    b: Args.string({ description: 'Second run id.', required: true }),
  };

  async run(): Promise<RunComparison> {
    const { compareRuns } = await import('../../lib/workflows/runs.js');
    const { renderComparison } = await import('../../cli/render/runs.js');
    const comparison = compareRuns(this.resolvedConfig, this.args.a, this.args.b);
    this.log(renderComparison(comparison));
    return comparison;
  }
}
