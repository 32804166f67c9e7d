import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { userModelRef } from '../../cli/paths.js';
import type { PromoteResult } from '../../lib/workflows/models.js';

export default class ModelsPromote extends BaseCommand<typeof ModelsPromote> {
  static override summary = 'Point an alias (production, staging, ...) at a model version.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> penguins@3 --alias production',
    '<%= config.bin %> <%= command.id %> latest --alias staging',
  ];
  static override args = {
    ref: Args.string({ description: 'Model REF: NAME@VERSION, run id, bundle path or latest.', required: true }),
  };
  static override flags = { alias: Flags.string({ char: 'a', summary: 'Alias to set.', required: true }) };

  async run(): Promise<PromoteResult> {
    const { promoteModel } = await import('../../lib/workflows/models.js');
    const result = await promoteModel(this.resolvedConfig, userModelRef(this.args.ref), this.flags.alias);
    const was = result.previous === null ? '' : ` (was v${result.previous})`;
    this.log(`${result.name}@${result.alias} → v${result.version}${was}`);
    return result;
  }
}
