import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError, InputError } from '../errors.js';
import type { Logger } from '../logging.js';
import { defaultModelRef } from '../workflows/models.js';
import { openRunCatalog, type UiProject } from '../workflows/ui.js';
import { loadPredictModel, resolvePredictRef } from '../workflows/ui-live.js';
import { createUiApp } from './app.js';
import { parseRunsQuery, runsPage } from './runs/table.js';
import { isLoopback, loopbackHostnames, newSecret } from './security.js';

export interface StartUiOptions extends UiProject {
  logger: Logger;
  /** Interface to bind; default 127.0.0.1. Anything but loopback requires a token. */
  host?: string | undefined;
  port?: number | undefined;
  /** Environment variable holding the access token (default MLX_UI_TOKEN). */
  tokenEnv?: string | undefined;
  /** A running `mlx serve` for the live page. */
  serveUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Aborting it stops the server (the CLI aborts on SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export interface RunningUi {
  url: string;
  port: number;
  /** True when every request needs the token. */
  protected: boolean;
  close(): Promise<void>;
  /** Settles once the server stopped (signal or close()). */
  closed: Promise<void>;
}

/** The access token policy: none on loopback (unless set), required anywhere else. */
export function uiToken(host: string, tokenEnv: string, env: NodeJS.ProcessEnv): string | null {
  const token = env[tokenEnv];
  if (token !== undefined && token.length > 0) {
    if (token.length < 16)
      throw new ConfigError(`${tokenEnv} is too short (${token.length} characters) to protect the UI.`, {
        hint: `Use at least 16 random characters, e.g. export ${tokenEnv}=$(openssl rand -hex 24).`,
      });
    return token;
  }
  if (isLoopback(host)) return null;
  throw new ConfigError(`mlx ui --host ${host} would expose the UI beyond this machine without a token.`, {
    hint: `Export ${tokenEnv}=<at least 16 random characters> (browsers sign in with it; scripts send Authorization: Bearer), or bind 127.0.0.1.`,
  });
}

/** Starts `mlx ui`: listens, then serves until the signal aborts or `close()` is called. */
export async function startUi(options: StartUiOptions): Promise<RunningUi> {
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const token = uiToken(host, options.tokenEnv ?? 'MLX_UI_TOKEN', env);
  const project = { root: options.root, config: options.config };
  const tokenEnv = project.config.serve.auth.token_env;
  // Read the runs (and build the default runs page once) before listening: the first page then answers
  // as fast as every later one.
  const runs = openRunCatalog(project);
  runsPage(
    runs.list(),
    parseRunsQuery(
      () => undefined,
      () => [],
    ),
  );
  const app = createUiApp({
    project,
    runs,
    logger: options.logger,
    token,
    secret: newSecret(),
    allowedHostnames: isLoopback(host) && token === null ? loopbackHostnames() : null,
    // Per request: a promotion while the UI runs moves the default.
    defaultModel: async () => project.config.serve.model ?? (await defaultModelRef(project)).ref,
    serveUrl: options.serveUrl ?? null,
    serveToken: tokenEnv ? (env[tokenEnv] ?? null) : null,
    loadModel: (ref) => loadPredictModel(project, ref),
    resolveModel: (ref) => resolvePredictRef(project, ref),
  });
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new InputError(
          'MLX_SERVE_LISTEN',
          `Cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? error.message}`,
          {
            hint: 'Pick another port with --port (0 = any free port) or stop the process that holds it.',
            cause: error,
          },
        ),
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    });
    return closing;
  };
  const onAbort = () => void close();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return { url, port, protected: token !== null, close, closed };
}
