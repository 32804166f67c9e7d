import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { existingFile, userPath } from '../cli/paths.js';
import type { InitResult } from '../lib/workflows/init.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Start a project on your own data: config, model groups, CI workflow, Dockerfile.';
  static override description =
    'Reads the data file once and writes, in DIR (default: the current folder): mlx.config.yaml with the inferred input contract (types; columns with missing values optional; observed ranges and categories as soft limits), the target and a quality gate that beats the baseline; configs/model/{mlp,linear}.yaml; .gitignore; package.json with mlx as a devDependency (only when there is none); .github/workflows/mlx.yml (pipeline and gate on push, daily drift); a Dockerfile; a README. A data file outside DIR is copied to DIR/data/raw/. Nothing is overwritten without --force.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --data churn.csv --target churned',
    '<%= config.bin %> <%= command.id %> my-model --data ~/exports/houses.csv --target price --task regression',
    '<%= config.bin %> <%= command.id %> --data data/raw/iris.csv   # the last column is the target',
  ];
  static override loadsConfig = false;
  static override args = { dir: Args.string({ description: 'Project folder (created when missing; default: .).' }) };
  static override flags = {
    data: Flags.string({ char: 'd', summary: 'The data file (csv, tsv, json, ndjson, parquet).', required: true }),
    target: Flags.string({ char: 't', summary: 'The column to predict (default: the last column).' }),
    task: Flags.string({
      summary: 'classification or regression (default auto: from the target values).',
      options: ['auto', 'classification', 'regression'],
      default: 'auto',
    }),
    name: Flags.string({ summary: 'Model name, model.name (default: from the folder name).' }),
    force: Flags.boolean({ char: 'f', summary: 'Overwrite files that exist (package.json is always kept).' }),
    copy: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'Copy a data file from outside the folder into data/raw/ (--no-copy refers to it by path).',
    }),
  };

  async run(): Promise<InitResult> {
    const { initProject } = await import('../lib/workflows/init.js');
    const { renderInit } = await import('../cli/render/init.js');
    const result = await initProject({
      dir: userPath(this.args.dir ?? '.'),
      data: existingFile(this.flags.data, '--data'),
      target: this.flags.target,
      task: this.flags.task as 'auto' | 'classification' | 'regression',
      name: this.flags.name,
      force: this.flags.force,
      copyData: this.flags.copy,
      logger: await this.getLogger(),
    });
    this.log(renderInit(result));
    return result;
  }
}
