import { Command, type Interfaces } from '@oclif/core';
import type { ConfigSection, ResolveConfigOptions, ResolvedConfig } from '../lib/config/index.js';
import { ExitCode } from '../lib/errors.js';
import type { Logger, LoggerOptions, LogLevel } from '../lib/logging.js';
import { globalFlags } from './flags.js';
import { renderError } from './handle-error.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * The one base command: global flags, config resolved and validated once, logger built once,
 * every error mapped to an exit code in one place.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = globalFlags;
  static override enableJsonFlag = true;
  /** Bare `--set` keys resolve inside this section (`mlx train --set lr=0.1` → train.lr). */
  static configSection: ConfigSection | undefined;
  /** Commands that resolve config per job (sweeps) or not at all set this to false. */
  static loadsConfig = true;
  /** Flags that set a config key (`--on-missing reject` = `--set inputs.on_missing=reject`, applied last). */
  static configFlags: Readonly<Record<string, string>> = {};
  /**
   * Commands that stop cleanly on Ctrl-C / SIGTERM set this: the first signal aborts `this.signal`
   * (the library finishes its step, keeps what it can, and throws InterruptedError or returns). A second
   * signal exits at once (130), or, with `'drain'`, is logged and ignored while the command drains.
   */
  static interruptible: false | 'exit' | 'drain' = false;

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  private resolved: ResolvedConfig | undefined;
  private logger: Logger | undefined;
  /** How the logger was built (set by getLogger): a command whose workers log the same way passes it on. */
  protected loggerOptions: LoggerOptions | undefined;
  private readonly controller = new AbortController();
  private readonly onSignal = (signal: NodeJS.Signals) => this.interrupt(signal);

  override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
    if ((this.ctor as typeof BaseCommand).loadsConfig) this.resolved = await this.resolve(this.overrides());
    if ((this.ctor as typeof BaseCommand).interruptible) {
      process.on('SIGINT', this.onSignal);
      process.on('SIGTERM', this.onSignal);
    }
  }

  /** `--set` overrides, then the config flags given (they win, like a later `--set`). */
  protected overrides(): string[] {
    const flags = this.flags as Record<string, unknown>;
    const fromFlags = Object.entries((this.ctor as typeof BaseCommand).configFlags)
      .filter(([flag]) => flags[flag] !== undefined)
      .map(([flag, key]) => `${key}=${String(flags[flag])}`);
    return [...this.flags.set, ...fromFlags];
  }

  /** Aborted on the first SIGINT / SIGTERM (only for `interruptible` commands). */
  protected get signal(): AbortSignal {
    return this.controller.signal;
  }

  private interrupt(signal: NodeJS.Signals): void {
    if (!this.controller.signal.aborted) {
      this.controller.abort(signal);
      return;
    }
    if ((this.ctor as typeof BaseCommand).interruptible === 'drain') {
      this.logger?.warn(`${signal} again: already shutting down, waiting for the drain to finish`);
      return;
    }
    process.stderr.write(`\n${signal} again: stopping now.\n`);
    process.exit(ExitCode.interrupted);
  }

  /** Resolves the config with the given overrides (used once in init, and per job by sweeps). */
  protected async resolve(overrides: ResolveConfigOptions['overrides']): Promise<ResolvedConfig> {
    const { resolveConfig } = await import('../lib/config/load.js');
    const configFile = this.flags.config ? (await import('node:path')).resolve(this.flags.config) : undefined;
    const result = resolveConfig({
      cwd: process.cwd(),
      configFile,
      overrides,
      env: process.env,
      section: (this.ctor as typeof BaseCommand).configSection,
      honourPortEnv: (this.ctor as typeof BaseCommand).configSection === 'serve',
    });
    // Sweeps resolve once per job; the first job's config sets up logging for the whole command.
    this.resolved ??= result;
    return result;
  }

  /** The resolved config of this invocation. */
  protected get resolvedConfig(): ResolvedConfig {
    if (!this.resolved) throw new Error(`${this.id ?? 'command'} does not load the config`);
    return this.resolved;
  }

  /** The logger, built once from the config and flags; logs go to stderr. */
  protected async getLogger(): Promise<Logger> {
    if (this.logger) return this.logger;
    const { createLogger } = await import('../lib/logging.js');
    const logging = this.resolved?.config.logging;
    const file = logging?.file
      ? (await import('node:path')).resolve(this.resolved?.root ?? '.', logging.file)
      : undefined;
    this.loggerOptions = {
      level: (this.flags['log-level'] as LogLevel | undefined) ?? logging?.level ?? 'info',
      format: (this.flags['log-format'] as 'auto' | 'pretty' | 'json' | undefined) ?? logging?.format ?? 'auto',
      file,
      quiet: this.flags.quiet,
    };
    this.logger = createLogger(this.loggerOptions);
    return this.logger.child({ component: this.id ?? 'mlx' });
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // `this.exit()` and oclif's exit signals pass through untouched.
    if ((error as { oclif?: { exit?: number } }).oclif?.exit !== undefined && error.message.startsWith('EEXIT'))
      throw error;
    const debug = this.flags?.['log-level'] === 'debug' || this.resolved?.config.logging.level === 'debug';
    const rendered = renderError(error, debug);
    if (this.jsonEnabled()) this.logJson(rendered.json);
    else process.stderr.write(`${rendered.text}\n`);
    process.exitCode = rendered.exitCode;
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    if (this.logger) await closeLogger(this.logger);
    await super.finally(error);
  }
}

async function closeLogger(logger: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 200).unref();
  });
}
