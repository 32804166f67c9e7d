import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { INPUT_POLICY_KEYS, inputPolicyFlags } from '../cli/flags.js';
import { existingFile, userModelRef } from '../cli/paths.js';
import type { EvaluateResult } from '../lib/workflows/evaluate.js';

export default class Evaluate extends BaseCommand<typeof Evaluate> {
  static override summary =
    'Evaluate a model on the test split or a file: metrics vs baseline, HTML report, quality gates.';
  static override description =
    'Writes metrics.json and a self-contained report.html (confusion matrix, ROC or residuals, learning curves) under paths.reports. --fail-under exits 4 when a metric misses its threshold (for errors and losses such as rmse, the value must not exceed it).';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --model penguins@production --fail-under accuracy=0.95',
    '<%= config.bin %> <%= command.id %> --model latest --compare penguins@production',
    '<%= config.bin %> <%= command.id %> --data new-labelled.csv --json',
  ];
  static override configSection = 'evaluate' as const;
  static override flags = {
    model: Flags.string({
      summary:
        'Model REF: bundle path, run id, NAME@ALIAS, NAME@VERSION or latest (default: NAME@production if that alias exists, else latest).',
    }),
    data: Flags.string({ summary: 'Evaluate on this labelled file instead of the test split.' }),
    'fail-under': Flags.string({
      summary: 'Quality gate METRIC=VALUE (repeatable); exit 4 when missed.',
      multiple: true,
      default: [],
    }),
    compare: Flags.string({ summary: 'Compare with another model REF (champion vs challenger).' }),
    ...inputPolicyFlags,
  };
  static override configFlags = INPUT_POLICY_KEYS;

  async run(): Promise<EvaluateResult> {
    const { root, config } = this.resolvedConfig;
    const logger = await this.getLogger();
    const { evaluateModel, enforceGates } = await import('../lib/workflows/evaluate.js');
    const { renderEvaluation } = await import('../cli/render/evaluate.js');
    const result = await evaluateModel({
      root,
      config,
      logger,
      ref: userModelRef(this.flags.model),
      file: existingFile(this.flags.data, '--data'),
      failUnder: this.flags['fail-under'],
      compare: userModelRef(this.flags.compare),
    });
    this.log(renderEvaluation(result));
    enforceGates(result.gates);
    return result;
  }
}
