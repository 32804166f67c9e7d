import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import type { UnaliasResult } from '../../lib/workflows/models.js';

export default class ModelsUnalias extends BaseCommand<typeof ModelsUnalias> {
  static override summary = 'Remove an alias (production, staging, ...) from a model; its versions stay.';
  static override description =
    'The registry records the move (alias history), so `mlx models list --json` and `mlx ui` show which version ' +
    'the alias pointed to before.';
  static override examples = ['<%= config.bin %> <%= command.id %> penguins --alias staging'];
  static override args = {
    name: Args.string({ description: 'Registered model name (see `mlx models list`).', required: true }),
  };
  static override flags = { alias: Flags.string({ char: 'a', summary: 'Alias to remove.', required: true }) };

  async run(): Promise<UnaliasResult> {
    const { unaliasModel } = await import('../../lib/workflows/models.js');
    const result = await unaliasModel(this.resolvedConfig, this.args.name, this.flags.alias);
    this.log(`${result.name}@${result.alias} removed (was v${result.previous})`);
    return result;
  }
}
