import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import type { PipelineResult } from '../lib/train/pipeline.js';

export default class Pipeline extends BaseCommand<typeof Pipeline> {
  static override summary = 'prepare → train → evaluate, skipping stages whose inputs did not change.';
  static override description =
    'prepare is skipped when data.lock is current; train when a completed run with the same data fingerprint and config hash exists; evaluate when that model was already evaluated. evaluate.fail_under gates exit 4.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --force',
    '<%= config.bin %> <%= command.id %> --set train.lr=0.005 --set evaluate.fail_under.accuracy=0.97',
  ];
  static override flags = {
    force: Flags.boolean({ char: 'f', summary: 'Run every stage even if its inputs are unchanged.' }),
  };

  async run(): Promise<PipelineResult> {
    const { root, config } = this.resolvedConfig;
    const { runPipeline, renderPipeline } = await import('../lib/train/pipeline.js');
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const result = await runPipeline({
      root,
      config,
      logger: await this.getLogger(),
      force: this.flags.force,
      signal: controller.signal,
      stream: this.flags.quiet ? null : process.stderr,
    });
    this.log(renderPipeline(result));
    return result;
  }
}
