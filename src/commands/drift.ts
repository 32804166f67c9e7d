import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { existingFile, userModelRef } from '../cli/paths.js';
import type { DriftRunResult } from '../lib/workflows/drift.js';

export default class Drift extends BaseCommand<typeof Drift> {
  static override summary = 'Compare recent production inputs with the training reference (Evidently-style tests).';
  static override description =
    "Reference: the model bundle's reference.ndjson (or --reference FILE). Current: the inputs logged by `mlx serve` in [--since, --until) (or --current FILE). Each feature gets Evidently's default test (K-S / chi-square / Z-test with ≤ 1000 reference rows, normed Wasserstein / Jensen-Shannon above), PSI, and missing share; dataset drift when drifted/evaluated ≥ drift.share. Writes an HTML + JSON report under reports/drift/ and applies drift.retrain. Exit 5 with --fail-on-drift when dataset drift is detected.";
  static override configSection = 'drift' as const;
  static override interruptible = 'exit' as const;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --since 7d',
    '<%= config.bin %> <%= command.id %> --since 2026-11-20 --until 2026-11-27 --model penguins@production --fail-on-drift',
    '<%= config.bin %> <%= command.id %> --reference data/raw/penguins.csv --current new-batch.ndjson --json',
    '<%= config.bin %> <%= command.id %> --set columns.bill_length_mm.test=psi --set share=0.3',
  ];
  static override flags = {
    since: Flags.string({ summary: 'Start of the current window: 7d, 24h, 90m or an ISO time (default drift.since).' }),
    until: Flags.string({ summary: 'End of the current window (exclusive; default now).' }),
    model: Flags.string({
      char: 'm',
      summary:
        'Model REF (default serve.model, else NAME@production if that alias exists, else latest): its reference sample and schema.',
    }),
    reference: Flags.string({
      summary: 'Reference data file (csv, tsv, json, ndjson, parquet) instead of the bundle sample.',
    }),
    current: Flags.string({ summary: 'Current data file instead of the prediction store.' }),
    'fail-on-drift': Flags.boolean({ summary: 'Exit 5 when dataset drift is detected.' }),
    predictions: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'Also test prediction drift (runs the model on the reference).',
    }),
    'promote-if-better': Flags.boolean({
      summary: 'With drift.retrain.action=pipeline: promote the candidate if it beats the serving model.',
    }),
  };

  async run(): Promise<DriftRunResult> {
    const { runDrift, assertNoDatasetDrift } = await import('../lib/workflows/drift.js');
    const { renderDriftRun } = await import('../cli/render/drift.js');
    const { config, root } = this.resolvedConfig;
    const result = await runDrift({
      root,
      config,
      logger: await this.getLogger(),
      modelRef: userModelRef(this.flags.model),
      referenceFile: existingFile(this.flags.reference, '--reference'),
      currentFile: existingFile(this.flags.current, '--current'),
      since: this.flags.since,
      until: this.flags.until,
      predictions: this.flags.predictions,
      promoteIfBetter: this.flags['promote-if-better'],
      signal: this.signal,
    });
    this.log(renderDriftRun(result));
    if (this.flags['fail-on-drift']) assertNoDatasetDrift(result);
    return result;
  }
}
