import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Ui extends BaseCommand<typeof Ui> {
  static override summary = 'Web UI: runs, compare, models, data, drift, live serving and a predict form.';
  static override description =
    'Serves server-rendered pages over the same library as the CLI until Ctrl-C. Binds 127.0.0.1 by default; ' +
    'any other --host requires an access token in $MLX_UI_TOKEN (browsers sign in with it, scripts send ' +
    '`Authorization: Bearer`). Changes (promote, unalias) are POST forms with a confirmation and CSRF protection.';
  static override interruptible = 'exit' as const;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --port 4800 --serve-url http://127.0.0.1:8080',
    'MLX_UI_TOKEN=$(openssl rand -hex 24) <%= config.bin %> <%= command.id %> --host 0.0.0.0',
  ];
  static override flags = {
    host: Flags.string({ summary: 'Interface to bind (default 127.0.0.1; others need a token).' }),
    port: Flags.integer({ char: 'p', min: 0, max: 65_535, default: 4800, summary: 'Port (0 = any free).' }),
    'serve-url': Flags.string({ summary: 'A running `mlx serve` for the live page (error rate, drift gauges).' }),
    'token-env': Flags.string({ default: 'MLX_UI_TOKEN', summary: 'Environment variable that holds the token.' }),
  };

  async run(): Promise<{ url: string; protected: boolean }> {
    const { startUi } = await import('../lib/ui/index.js');
    const logger = await this.getLogger();
    const ui = await startUi({
      ...this.resolvedConfig,
      logger,
      host: this.flags.host,
      port: this.flags.port,
      serveUrl: this.flags['serve-url'],
      tokenEnv: this.flags['token-env'],
      signal: this.signal,
    });
    logger.info(`mlx ui listening on ${ui.url}${ui.protected ? ' (token required)' : ''}`, { url: ui.url });
    await ui.closed;
    return { url: ui.url, protected: ui.protected };
  }
}
