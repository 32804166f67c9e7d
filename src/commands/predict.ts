import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { INPUT_POLICY_KEYS, inputPolicyFlags } from '../cli/flags.js';
import { existingFile, userModelRef, userPath } from '../cli/paths.js';
import type { PredictFileResult } from '../lib/workflows/predict.js';

export default class Predict extends BaseCommand<typeof Predict> {
  static override summary = 'Batch inference on a file (CSV, TSV, JSON, NDJSON, Parquet); writes CSV or NDJSON.';
  static override description =
    'Rows are checked against the model schema with the input policy (inputs.*, the same as mlx serve and mlx data validate FILE): missing columns, wrong types, an empty file and values the policy rejects exit 3; values outside the ranges or categories seen in training, imputed missing values and columns missing entirely are warnings. The file is read, checked, predicted and written in chunks of rows, so memory does not grow with its size; --output is written to a temporary file and renamed into place when every row passed; a large CSV/TSV written to --output is predicted by two threads (--threads). Output: the input columns plus `prediction` (and `probability_<class>` for classifiers); to stdout unless --output is given.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --input new-penguins.csv',
    '<%= config.bin %> <%= command.id %> --input batch.ndjson --output predictions.csv --model penguins@production',
    '<%= config.bin %> <%= command.id %> --input batch.csv --format ndjson > out.ndjson',
  ];
  static override flags = {
    input: Flags.string({ char: 'i', summary: 'File of rows to predict.', required: true }),
    output: Flags.string({ char: 'o', summary: 'Write here (.csv or .ndjson) instead of stdout.' }),
    format: Flags.string({ summary: 'Output format (default: from --output, else csv).', options: ['csv', 'ndjson'] }),
    model: Flags.string({
      summary:
        'Model REF: bundle path, run id, NAME@ALIAS, NAME@VERSION or latest (default: NAME@production if that alias exists, else latest).',
    }),
    threads: Flags.string({
      summary:
        'Threads: auto (two for a CSV/TSV of 32 MiB or more written to --output on a machine with 2 cores: the file is cut in two halves of whole records, predicted at once and joined in order), 1 or 2.',
      options: ['auto', '1', '2'],
      default: 'auto',
    }),
    ...inputPolicyFlags,
  };
  static override configSection = 'inputs' as const;
  static override interruptible = 'exit' as const;
  static override configFlags = INPUT_POLICY_KEYS;

  async run(): Promise<PredictFileResult> {
    const { root, config } = this.resolvedConfig;
    const { predictFile } = await import('../lib/workflows/predict.js');
    const result = await predictFile({
      root,
      config,
      logger: await this.getLogger(),
      ref: userModelRef(this.flags.model),
      input: existingFile(this.flags.input, '--input'),
      output: userPath(this.flags.output),
      // Rows go to stdout as they are predicted; --json returns them in its result instead.
      stream: this.jsonEnabled() ? undefined : process.stdout,
      format: this.flags.format,
      threads: this.flags.threads === 'auto' ? 'auto' : this.flags.threads === '1' ? 1 : 2,
      signal: this.signal,
    });
    if (result.output) this.log(`${result.rows} predictions → ${result.output}`);
    return { ...result, text: null };
  }
}
