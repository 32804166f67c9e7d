import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import type { VerifyResult } from '../../lib/workflows/verify.js';

export default class RunsVerify extends BaseCommand<typeof RunsVerify> {
  static override summary = "Re-train a run from its saved config and data fingerprint; check the weights' sha256.";
  static override description =
    'Exit 0 when the weights are bit-identical, 4 when they differ, 3 when the prepared data is not the data the run used.';
  static override examples = ['<%= config.bin %> <%= command.id %> 3fa9c2'];
  static override args = { id: Args.string({ description: 'Run id (or a unique prefix/suffix).', required: true }) };

  async run(): Promise<VerifyResult> {
    const { verifyRun } = await import('../../lib/workflows/verify.js');
    const { root, config } = this.resolvedConfig;
    const result = await verifyRun({ root, config, id: this.args.id, logger: await this.getLogger() });
    this.log(
      `run ${result.runId} reproduced: weights sha256 ${result.actual} (${result.backend}, ${(result.durationMs / 1000).toFixed(1)} s)`,
    );
    return result;
  }
}
