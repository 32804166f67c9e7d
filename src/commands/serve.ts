import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { INPUT_POLICY_KEYS, inputPolicyFlags } from '../cli/flags.js';
import { userModelRef } from '../cli/paths.js';
import type { ServeResult } from '../lib/workflows/serve.js';

export default class Serve extends BaseCommand<typeof Serve> {
  static override summary = 'Serve a trained model over HTTP (predict, health, metrics, OpenAPI).';
  static override description =
    'Routes: GET /health, GET /ready, GET /v1/model, POST /v1/predict, GET /metrics, GET /openapi.json, and the ' +
    'KServe v2 (/v2/...), MLflow (/invocations) and TF Serving (/v1/models/NAME:predict) protocols. ' +
    'Every prediction is logged to the prediction store (serve.store: sqlite or postgres). SIGTERM/SIGINT stop ' +
    'cleanly within serve.shutdown_timeout: no new connections, in-flight requests finish, the store is flushed ' +
    '(rows it cannot commit in time go to a spill file the next start ingests), exit 0. The PORT environment ' +
    'variable (Cloud Run) sets the port unless --port or MLX_SERVE__PORT does.';
  static override configSection = 'serve' as const;
  static override interruptible = 'drain' as const;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --model penguins@production --port 9090',
    '<%= config.bin %> <%= command.id %> --host 0.0.0.0 --set store=none --on-unknown-category warn',
    'PORT=8080 <%= config.bin %> <%= command.id %> --model runs/20260101-120000-ab12',
  ];
  static override flags = {
    model: Flags.string({
      char: 'm',
      summary:
        'Model REF: bundle path, run id, NAME@ALIAS, NAME@VERSION or latest (default serve.model, else NAME@production if that alias exists, else latest).',
    }),
    host: Flags.string({ summary: 'Interface to bind (default serve.host, 127.0.0.1).' }),
    port: Flags.integer({
      char: 'p',
      min: 0,
      max: 65_535,
      summary: 'Port (default serve.port or $PORT; 0 = any free).',
    }),
    ...inputPolicyFlags,
  };
  static override configFlags = INPUT_POLICY_KEYS;

  async run(): Promise<ServeResult> {
    const { serveModel } = await import('../lib/workflows/serve.js');
    const { config, root } = this.resolvedConfig;
    return serveModel({
      config,
      root,
      logger: await this.getLogger(),
      loggerOptions: this.loggerOptions,
      modelRef: userModelRef(this.flags.model),
      host: this.flags.host,
      port: this.flags.port,
      version: this.config.version,
      signal: this.signal,
    });
  }
}
