import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderConfig } from '../../cli/render/config.js';
import type { MlxConfig } from '../../lib/config/index.js';

export interface ConfigShowResult {
  config: MlxConfig;
  sources?: Record<string, string>;
  root: string;
  file: string | null;
  groups: Record<string, string>;
}

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Print the resolved config, and where each value came from.';
  static override description =
    'Layers, lowest first: defaults → mlx.config.yaml → its config groups (configs/<group>/<name>.yaml) → configs/env/$MLX_ENV.yaml → MLX_<SECTION>__<KEY> environment variables → --set overrides.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --set train.lr=0.01 --set model=mlp_large',
    '<%= config.bin %> <%= command.id %> --sources',
    'MLX_SERVE__PORT=9090 <%= config.bin %> <%= command.id %> --json',
  ];
  static override flags = {
    sources: Flags.boolean({ summary: 'Show, for each key, the layer that set it.' }),
  };

  async run(): Promise<ConfigShowResult> {
    const resolved = this.resolvedConfig;
    this.log(renderConfig(resolved, this.flags.sources));
    return {
      config: resolved.config,
      ...(this.flags.sources ? { sources: Object.fromEntries([...resolved.sources].sort()) } : {}),
      root: resolved.root,
      file: resolved.file ?? null,
      groups: resolved.groups,
    };
  }
}
