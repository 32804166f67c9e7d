import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import type { PipelineResult } from '../lib/workflows/pipeline.js';

export default class Pipeline extends BaseCommand<typeof Pipeline> {
  static override summary = 'prepare → train → evaluate, skipping stages whose inputs did not change.';
  static override description =
    'prepare is skipped when data.lock is current; train when a completed run with the same data fingerprint and config hash exists; evaluate when that model was already evaluated. evaluate.fail_under gates exit 4.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --force',
    '<%= config.bin %> <%= command.id %> --set train.lr=0.005 --set evaluate.fail_under.accuracy=0.97',
  ];
  static override interruptible = 'exit' as const;
  static override flags = {
    force: Flags.boolean({ char: 'f', summary: 'Run every stage even if its inputs are unchanged.' }),
  };

  async run(): Promise<PipelineResult> {
    const { root, config } = this.resolvedConfig;
    const { runPipeline } = await import('../lib/workflows/pipeline.js');
    const { epochProgress } = await import('../cli/progress.js');
    const { renderPipeline } = await import('../cli/render/train.js');
    const logger = await this.getLogger();
    const progress = epochProgress({ stream: this.flags.quiet ? null : process.stderr, logger });
    try {
      const result = await runPipeline({
        root,
        config,
        logger,
        force: this.flags.force,
        signal: this.signal,
        onEpoch: progress.onEpoch,
        onFitEnd: progress.done,
      });
      this.log(renderPipeline(result));
      return result;
    } finally {
      progress.done();
    }
  }
}
