import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { userModelRef, userPath } from '../../cli/paths.js';
import type { ExportModelResult } from '../../lib/workflows/export.js';

export default class ModelsExport extends BaseCommand<typeof ModelsExport> {
  static override summary = 'Export a model with its preprocessing: ONNX, or a folder that predicts in the browser.';
  static override description =
    'onnx: one .onnx file of the whole inference path (imputation, scaling, one-hot, datetime parts, the model, ' +
    'labels and probabilities), one input per feature, for ONNX Runtime and other ONNX tools. web: a self-contained ' +
    'folder (index.html with a form generated from the schema, TensorFlow.js, the model, pipeline.json, schema.json) ' +
    'that predicts client-side, with no server.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> penguins@production --format onnx --output penguins.onnx',
    '<%= config.bin %> <%= command.id %> latest --format web --output penguins-web',
  ];
  static override args = {
    ref: Args.string({
      description: 'Model REF: NAME@ALIAS, NAME@VERSION, run id, bundle path or latest.',
      required: true,
    }),
  };
  static override flags = {
    format: Flags.string({ char: 'f', summary: 'Export format.', options: ['onnx', 'web'], required: true }),
    output: Flags.string({
      char: 'o',
      summary:
        'The .onnx file or the web folder to write (default: <name>-v<version>.onnx / -web in the current directory).',
    }),
  };

  async run(): Promise<ExportModelResult> {
    const { exportModel } = await import('../../lib/workflows/export.js');
    const { renderExport } = await import('../../cli/render/export.js');
    const { root, config } = this.resolvedConfig;
    const result = await exportModel({
      root,
      config,
      logger: await this.getLogger(),
      ref: userModelRef(this.args.ref),
      format: this.flags.format === 'web' ? 'web' : 'onnx',
      output: userPath(this.flags.output),
      cwd: process.cwd(),
      version: this.config.version,
    });
    this.log(renderExport(result));
    return result;
  }
}
