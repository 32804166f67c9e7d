import type { Logger } from '../logging.js';
import type { RunCatalog, UiProject } from '../workflows/ui.js';
import type { PredictModel } from '../workflows/ui-live.js';

/** Everything the UI app needs, passed in: tests build it over a temp project, `mlx ui` over the real one. */
export interface UiDeps {
  project: UiProject;
  runs: RunCatalog;
  logger: Logger;
  /** Required on every request (bearer header or the login cookie); null = none (loopback only). */
  token: string | null;
  /** Random per process: signs the CSRF tokens and the login cookie. */
  secret: string;
  /** Host names the Host header may carry (DNS-rebinding guard); null = any (a token protects). */
  allowedHostnames: readonly string[] | null;
  /** The model REF of the predict form by default (`serve.model`). */
  defaultModel: () => string | Promise<string>;
  /** A running `mlx serve` for the live page, and its bearer token (never rendered). */
  serveUrl: string | null;
  serveToken: string | null;
  /** Loads a model for the predict form (injected so tests can count loads). */
  loadModel: (ref: string) => Promise<PredictModel>;
  /** The bundle directory a REF points at now (cache key of loaded models). */
  resolveModel: (ref: string) => Promise<string>;
  now?: () => number;
}

/** Per-request variables of the UI app. */
export interface UiEnv {
  Variables: { csrf: string };
}
