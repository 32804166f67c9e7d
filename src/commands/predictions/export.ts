import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { userPath } from '../../cli/paths.js';
import { UsageError } from '../../lib/errors.js';
import type { PredictionsExportResult } from '../../lib/workflows/export-predictions.js';

export default class PredictionsExport extends BaseCommand<typeof PredictionsExport> {
  static override summary = 'Export logged predictions (inputs, outputs, latency) as CSV or NDJSON.';
  static override description =
    'Reads the prediction store that `mlx serve` writes (serve.store: the SQLite file or the PostgreSQL database), also while servers run. ' +
    'CSV has one column per feature and per output (label, proba_<class> or value); NDJSON keeps inputs and outputs as objects.';
  static override configSection = 'serve' as const;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --since 7d > last-week.csv',
    '<%= config.bin %> <%= command.id %> --since 2026-11-01 --until 2026-11-08 --format ndjson --output nov.ndjson',
    '<%= config.bin %> <%= command.id %> --model penguins@3 --output v3.csv --json',
  ];
  static override flags = {
    since: Flags.string({
      summary: 'Start: a duration before now (7d, 24h, 90m) or an ISO time. Default: the first row.',
    }),
    until: Flags.string({ summary: 'End (exclusive): a duration before now or an ISO time. Default: now.' }),
    format: Flags.string({ char: 'f', options: ['csv', 'ndjson'], default: 'csv', summary: 'Output format.' }),
    output: Flags.string({ char: 'o', summary: 'Write to this file (atomically) instead of stdout.' }),
    model: Flags.string({ char: 'm', summary: 'Only this model: NAME or NAME@VERSION.' }),
    store: Flags.string({
      summary: 'A SQLite store file or a postgres:// URL (default: the configured store, serve.store).',
    }),
  };

  async run(): Promise<PredictionsExportResult> {
    if (this.jsonEnabled() && !this.flags.output) {
      throw new UsageError('--json prints the summary on stdout, so the rows need --output FILE.', {
        hint: 'Add --output predictions.csv, or drop --json to stream the rows to stdout.',
      });
    }
    const { runPredictionsExport } = await import('../../lib/workflows/export-predictions.js');
    const { config, root } = this.resolvedConfig;
    const result = await runPredictionsExport({
      config,
      root,
      format: this.flags.format as 'csv' | 'ndjson',
      since: this.flags.since,
      until: this.flags.until,
      model: this.flags.model,
      output: userPath(this.flags.output),
      // A postgres:// URL is not a path.
      store: /^postgres(ql)?:\/\//.test(this.flags.store ?? '') ? this.flags.store : userPath(this.flags.store),
      stdout: process.stdout,
    });
    if (result.output) (await this.getLogger()).info(`exported ${result.rows} predictions to ${result.output}`);
    return result;
  }
}
