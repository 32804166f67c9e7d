import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { existingFile } from '../../cli/paths.js';
import type { ValidateFileResult } from '../../lib/workflows/data.js';

export default class DataValidate extends BaseCommand<typeof DataValidate> {
  static override summary = 'Check a data file against the schema: types, ranges, missingness, dataset rules.';
  static override description =
    'Without FILE, checks data.source against the config (data.features, data.checks). With FILE (a new batch), checks it against data/processed/schema.json when it exists, else against the config. Errors exit 3; warnings do not.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> new-batch.csv',
    '<%= config.bin %> <%= command.id %> new-batch.ndjson --schema models/penguins/schema.json --json',
  ];
  static override configSection = 'data' as const;
  static override args = { file: Args.string({ description: 'File to check (csv, tsv, json, ndjson, parquet).' }) };
  static override flags = {
    schema: Flags.string({ summary: 'schema.json to check against (default: data/processed/schema.json for a FILE).' }),
  };

  async run(): Promise<ValidateFileResult> {
    const { validateFile, formatValidationReport } = await import('../../lib/workflows/data.js');
    const { byteProgress } = await import('../../cli/progress.js');
    const { DataValidationError } = await import('../../lib/errors.js');
    const { config, root } = this.resolvedConfig;
    const progress = byteProgress(process.stderr, 'reading');
    const result = await validateFile({
      root,
      config,
      file: existingFile(this.args.file, 'the FILE argument'),
      schemaFile: existingFile(this.flags.schema, '--schema'),
      onProgress: progress,
    });
    progress.end();
    const text = `${formatValidationReport(result.report)}\n  (checked against ${result.against})`;
    if (!result.report.valid) {
      throw new DataValidationError(`Data validation failed.\n${text}`, {
        hint: 'Fix the data or the checks in mlx.config.yaml.',
        details: result.report,
      });
    }
    this.log(text);
    return result;
  }
}
