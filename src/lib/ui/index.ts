/** The web UI (`mlx ui`): a Hono app over the workflows, and the server that runs it. */
export { createUiApp } from './app.js';
export type { UiDeps, UiEnv } from './deps.js';
export { type RunningUi, type StartUiOptions, startUi, uiToken } from './server.js';
