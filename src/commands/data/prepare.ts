import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import type { PrepareResult } from '../../lib/workflows/data.js';

export default class DataPrepare extends BaseCommand<typeof DataPrepare> {
  static override summary = 'Ingest, validate, clean and split the raw data; fit the preprocessing pipeline.';
  static override description =
    'Reads data.source, validates it against the schema (exit 3 with a report on violations), drops rows without a target, splits train/val/test (seeded, stratified), fits the pipeline on train and writes data/processed/ and data.lock. Skips the work when data.lock says nothing changed.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --force',
    '<%= config.bin %> <%= command.id %> --wait 120',
    '<%= config.bin %> <%= command.id %> --set data.split.train=0.8 --set data.split.val=0.1 --set data.split.test=0.1',
    'cd examples/cars && <%= config.bin %> <%= command.id %>',
  ];
  static override configSection = 'data' as const;
  static override flags = {
    force: Flags.boolean({ char: 'f', summary: 'Rebuild even when the outputs are up to date.' }),
    wait: Flags.integer({
      min: 0,
      max: 3600,
      default: 0,
      summary: 'Seconds to wait for another prepare of this project to finish (default: fail at once, naming it).',
    }),
  };

  async run(): Promise<PrepareResult> {
    const { prepareData } = await import('../../lib/workflows/data.js');
    const { byteProgress } = await import('../../cli/progress.js');
    const { renderPrepare } = await import('../../cli/render/data.js');
    const { config, root } = this.resolvedConfig;
    const progress = byteProgress(process.stderr, 'reading');
    const result = await prepareData({
      root,
      config,
      logger: await this.getLogger(),
      force: this.flags.force,
      waitMs: this.flags.wait * 1000,
      onProgress: progress,
    });
    progress.end();
    this.log(renderPrepare(result));
    return result;
  }
}
