import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { existingFile } from '../../cli/paths.js';
import type { InferSchemaResult } from '../../lib/workflows/data.js';

export default class DataInferSchema extends BaseCommand<typeof DataInferSchema> {
  static override summary = 'Infer a starting schema (data.features) from a data file.';
  static override description =
    'Types, observed ranges, categories and missing fractions of every column but the target, as the YAML of data.features. Review it, then paste it into mlx.config.yaml — or let --write put it there (comments are kept).';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> data/raw/other.csv --json',
    '<%= config.bin %> <%= command.id %> --write',
  ];
  static override configSection = 'data' as const;
  static override args = { file: Args.string({ description: 'File to profile (default: data.source).' }) };
  static override flags = {
    write: Flags.boolean({ summary: 'Write data.features into the config file instead of printing it.' }),
  };

  async run(): Promise<InferSchemaResult> {
    const { inferSchema, writeFeaturesToConfig, dataPaths } = await import('../../lib/workflows/data.js');
    const { UsageError } = await import('../../lib/errors.js');
    const { config, root, file: configFile } = this.resolvedConfig;
    const file = existingFile(this.args.file, 'the FILE argument') ?? dataPaths(root, config).source;
    const result = await inferSchema(file, config);
    if (!this.flags.write) this.log(result.yaml.trimEnd());
    else if (!configFile || !/\.ya?ml$/.test(configFile))
      throw new UsageError('--write needs a YAML config file (mlx.config.yaml).');
    else {
      await writeFeaturesToConfig(configFile, result.features);
      this.log(`Wrote data.features (${Object.keys(result.features).length} columns) to ${configFile}.`);
    }
    return result;
  }
}
