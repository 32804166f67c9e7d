import { BaseCommand } from '../../cli/base-command.js';
import type { ModelRegistry } from '../../lib/workflows/models.js';

export default class ModelsList extends BaseCommand<typeof ModelsList> {
  static override summary = 'List registered model versions and their aliases (production, staging, ...).';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<{ models: ModelRegistry[] }> {
    const { listModels } = await import('../../lib/workflows/models.js');
    const { renderModels } = await import('../../cli/render/models.js');
    const models = await listModels(this.resolvedConfig);
    this.log(renderModels(models));
    return { models };
  }
}
